/// What a model predicts: decides which metrics apply.
public enum ModelTask: String, Sendable, CaseIterable {
    case regression, classification
}

/// A metric the gates know: its name in configs and reports, the task it applies to,
/// and which way is better (what "the candidate is worse" means to the champion gate).
public struct MetricSpec: Equatable, Sendable {
    public let name: String
    public let task: ModelTask
    public let higherIsBetter: Bool
    public let summary: String
}

/// Every metric by task, in the order reports list them.
public enum MetricCatalog {
    public static let regression: [MetricSpec] = [
        MetricSpec(name: "rmse", task: .regression, higherIsBetter: false, summary: "root mean squared error"),
        MetricSpec(name: "mse", task: .regression, higherIsBetter: false, summary: "mean squared error"),
        MetricSpec(name: "mae", task: .regression, higherIsBetter: false, summary: "mean absolute error"),
        MetricSpec(name: "r2", task: .regression, higherIsBetter: true, summary: "coefficient of determination"),
    ]

    public static let classification: [MetricSpec] = [
        MetricSpec(name: "accuracy", task: .classification, higherIsBetter: true, summary: "share of rows predicted right"),
        MetricSpec(name: "precision", task: .classification, higherIsBetter: true, summary: "binary: of the positive class; multiclass: macro average"),
        MetricSpec(name: "recall", task: .classification, higherIsBetter: true, summary: "binary: of the positive class; multiclass: macro average"),
        MetricSpec(name: "f1", task: .classification, higherIsBetter: true, summary: "binary: of the positive class; multiclass: macro average"),
        MetricSpec(name: "roc_auc", task: .classification, higherIsBetter: true, summary: "binary; multiclass one-vs-rest macro average"),
        MetricSpec(name: "log_loss", task: .classification, higherIsBetter: false, summary: "cross-entropy of the predicted probabilities"),
    ]

    /// The group fairness measures (see `Fairness`).
    public static let fairness: [MetricSpec] = [
        MetricSpec(name: "demographic_parity_difference", task: .classification, higherIsBetter: false,
                   summary: "largest minus smallest selection rate across slices"),
        MetricSpec(name: "equal_opportunity_difference", task: .classification, higherIsBetter: false,
                   summary: "largest minus smallest true positive rate across slices"),
        MetricSpec(name: "disparate_impact_ratio", task: .classification, higherIsBetter: true,
                   summary: "smallest over largest selection rate across slices"),
    ]

    /// The metrics of `task`.
    public static func metrics(for task: ModelTask) -> [MetricSpec] {
        task == .regression ? regression : classification
    }

    /// The metric of `task` named `name`, or nil.
    public static func spec(_ name: String, task: ModelTask) -> MetricSpec? {
        metrics(for: task).first { $0.name == name }
    }

    /// The metric named `name` for `task`, or an error listing the ones there are.
    public static func require(_ name: String, task: ModelTask, field: String) throws(MetricError) -> MetricSpec {
        guard let spec = spec(name, task: task) else {
            let other = task == .regression ? ModelTask.classification : .regression
            let hint = spec(name, task: other) != nil ? " ('\(name)' is a \(other.rawValue) metric, and this model does \(task.rawValue))" : ""
            throw MetricError("gate.unknown-metric",
                              "\(field) names the unknown metric '\(name)'\(hint); the \(task.rawValue) metrics are: \(names(task).joined(separator: ", "))")
        }
        return spec
    }

    /// The names of the metrics of `task`.
    public static func names(_ task: ModelTask) -> [String] { metrics(for: task).map(\.name) }
}
