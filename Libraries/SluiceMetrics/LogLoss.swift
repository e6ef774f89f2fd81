import Foundation

/// Cross-entropy loss, as scikit-learn's `log_loss(y_true, y_prob, labels=classes)`.
public enum LogLoss {
    /// The clipping bound: probabilities are clipped to [eps, 1 − eps] before the
    /// logarithm, eps being float64's machine epsilon (scikit-learn ≥ 1.5 uses the
    /// epsilon of the input's dtype, and no longer renormalises the rows).
    public static let epsilon = Double.ulpOfOne

    /// −mean(log p(true class)), the probabilities clipped to [eps, 1 − eps].
    public static func compute(truth: [Int], probabilities: ProbabilityMatrix) throws(MetricError) -> Double {
        try ClassificationMetrics.checkRows(truth.count, probabilities.rowCount)
        var sum = 0.0
        for (row, c) in truth.enumerated() {
            let p = min(max(probabilities[row, c], epsilon), 1 - epsilon)
            sum -= log(p)
        }
        return sum / Double(truth.count)
    }
}
