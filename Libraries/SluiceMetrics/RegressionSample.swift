/// True and predicted values of a regression model on a test table.
public struct RegressionSample: Sendable {
    public let truth: [Double]
    public let predicted: [Double]

    public init(truth: [Double], predicted: [Double]) {
        self.truth = truth
        self.predicted = predicted
    }

    /// The value of the regression metric `name` (one of `MetricCatalog.regression`).
    public func value(of name: String) throws(MetricError) -> Double {
        switch name {
        case "rmse": try RegressionMetrics.rmse(truth, predicted)
        case "mse": try RegressionMetrics.mse(truth, predicted)
        case "mae": try RegressionMetrics.mae(truth, predicted)
        case "r2": try RegressionMetrics.r2(truth, predicted)
        default: throw MetricError("gate.unknown-metric", "'\(name)' is not a regression metric; they are: \(MetricCatalog.names(.regression).joined(separator: ", "))")
        }
    }
}

extension RegressionSample {
    /// The rows at `rows` only (a slice of the test table).
    public func subset(_ rows: [Int]) -> RegressionSample {
        RegressionSample(truth: rows.map { truth[$0] }, predicted: rows.map { predicted[$0] })
    }
}
