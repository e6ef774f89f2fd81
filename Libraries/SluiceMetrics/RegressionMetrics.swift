/// Regression metrics, defined as scikit-learn defines them (`sklearn.metrics`).
public enum RegressionMetrics {
    /// Mean squared error: mean((y − ŷ)²).
    public static func mse(_ truth: [Double], _ predicted: [Double]) throws(MetricError) -> Double {
        try checkPairs(truth, predicted)
        var sum = 0.0
        for (y, p) in zip(truth, predicted) { sum += (y - p) * (y - p) }
        return sum / Double(truth.count)
    }

    /// Root mean squared error: √mse (`root_mean_squared_error`).
    public static func rmse(_ truth: [Double], _ predicted: [Double]) throws(MetricError) -> Double {
        try mse(truth, predicted).squareRoot()
    }

    /// Mean absolute error: mean(|y − ŷ|).
    public static func mae(_ truth: [Double], _ predicted: [Double]) throws(MetricError) -> Double {
        try checkPairs(truth, predicted)
        var sum = 0.0
        for (y, p) in zip(truth, predicted) { sum += abs(y - p) }
        return sum / Double(truth.count)
    }

    /// Coefficient of determination: 1 − Σ(y − ŷ)² / Σ(y − ȳ)².
    ///
    /// As `r2_score` (with its default `force_finite=True`): a constant truth gives 1
    /// when the predictions are perfect and 0 otherwise, rather than NaN or −∞.
    /// Undefined for fewer than two rows, where scikit-learn returns NaN.
    public static func r2(_ truth: [Double], _ predicted: [Double]) throws(MetricError) -> Double {
        try checkPairs(truth, predicted)
        guard truth.count >= 2 else {
            throw MetricError("metric.undefined", "r2 needs at least two rows; the test table has \(truth.count)")
        }
        let mean = truth.reduce(0, +) / Double(truth.count)
        var residual = 0.0, total = 0.0
        for (y, p) in zip(truth, predicted) {
            residual += (y - p) * (y - p)
            total += (y - mean) * (y - mean)
        }
        if total == 0 { return residual == 0 ? 1 : 0 }
        return 1 - residual / total
    }

    static func checkPairs(_ truth: [Double], _ predicted: [Double]) throws(MetricError) {
        guard truth.count == predicted.count else {
            throw MetricError("metric.length-mismatch", "\(truth.count) true values but \(predicted.count) predictions")
        }
        guard !truth.isEmpty else { throw MetricError("metric.empty", "there are no rows to evaluate") }
        if let bad = truth.indices.first(where: { !truth[$0].isFinite || !predicted[$0].isFinite }) {
            throw MetricError("metric.not-finite", "row \(bad) holds a value that is not a finite number (NaN or infinity): filter or impute it first")
        }
    }
}
