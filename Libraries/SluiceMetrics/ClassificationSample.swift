/// True and predicted classes (and probabilities) of a classifier on a test table,
/// as indices into `classes`, the model's class labels in its order.
public struct ClassificationSample: Sendable {
    public let classes: [String]
    public let truth: [Int]
    public let predicted: [Int]
    /// Nil when the model gave no probabilities (then roc_auc and log_loss are undefined).
    public let probabilities: ProbabilityMatrix?
    /// The positive class of a binary model: what precision, recall, f1 and roc_auc
    /// score. Ignored with more than two classes (macro averages).
    public let positive: Int

    public init(classes: [String], truth: [Int], predicted: [Int], probabilities: ProbabilityMatrix?, positive: Int) {
        self.classes = classes
        self.truth = truth
        self.predicted = predicted
        self.probabilities = probabilities
        self.positive = positive
    }

    /// Binary (two classes: scores of the positive class) or multiclass (macro averages).
    public var isBinary: Bool { classes.count == 2 }

    public var confusionMatrix: ConfusionMatrix {
        ConfusionMatrix(truth: truth, predicted: predicted, classCount: classes.count)
    }

    private var averaging: Averaging { isBinary ? .binary(positive: positive) : .macro }

    /// The value of the classification metric `name` (one of `MetricCatalog.classification`).
    public func value(of name: String) throws(MetricError) -> Double {
        try ClassificationMetrics.checkRows(truth.count, predicted.count)
        switch name {
        case "accuracy": return try ClassificationMetrics.accuracy(truth: truth, predicted: predicted)
        case "precision": return ClassificationMetrics.precision(confusionMatrix, averaging)
        case "recall": return ClassificationMetrics.recall(confusionMatrix, averaging)
        case "f1": return ClassificationMetrics.f1(confusionMatrix, averaging)
        case "roc_auc":
            let probabilities = try requireProbabilities(name)
            return isBinary
                ? try ROCAUC.binary(truth: truth, probabilities: probabilities, positive: positive)
                : try ROCAUC.oneVsRest(truth: truth, probabilities: probabilities, classNames: classes)
        case "log_loss":
            return try LogLoss.compute(truth: truth, probabilities: try requireProbabilities(name))
        default:
            throw MetricError("gate.unknown-metric", "'\(name)' is not a classification metric; they are: \(MetricCatalog.names(.classification).joined(separator: ", "))")
        }
    }

    private func requireProbabilities(_ metric: String) throws(MetricError) -> ProbabilityMatrix {
        guard let probabilities else {
            throw MetricError("metric.undefined", "\(metric) needs class probabilities, and the model gave none")
        }
        return probabilities
    }

    /// The rows at `rows` only (a slice of the test table).
    public func subset(_ rows: [Int]) -> ClassificationSample {
        let probabilities = self.probabilities.flatMap { matrix in
            try? ProbabilityMatrix(rowCount: rows.count, classCount: matrix.classCount,
                                   values: rows.flatMap { row in (0..<matrix.classCount).map { matrix[row, $0] } })
        }
        return ClassificationSample(classes: classes, truth: rows.map { truth[$0] }, predicted: rows.map { predicted[$0] },
                                    probabilities: probabilities, positive: positive)
    }
}
