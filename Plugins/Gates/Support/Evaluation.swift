import SluiceKit
import SluiceMetrics

/// A model's predictions on a test table side by side with the truth: what every
/// metric is computed from.
struct Evaluation {
    enum Sample {
        case regression(RegressionSample)
        case classification(ClassificationSample)
    }

    let task: ModelTask
    let target: String
    let sample: Sample

    /// Predicts `table` with `model` and pairs the predictions with the `target` column.
    /// `positiveLabel` picks the positive class of a binary classifier (default: its
    /// second class, as scikit-learn's label 1 of {0, 1}).
    static func run(_ model: HostModel, on table: Table, target: String, positiveLabel: String?) throws -> Evaluation {
        let description = model.modelDescription
        switch try Predictions.of(model, on: table) {
        case .regression(let predicted):
            let truth = try TestTable.numericTarget(table, target)
            return Evaluation(task: .regression, target: target, sample: .regression(RegressionSample(truth: truth, predicted: predicted)))
        case .classification(let predicted, let probabilities):
            let matcher = try Predictions.matcher(for: description)
            let truth = try truthLabels(table, target, matcher)
            let positive = try positiveClass(positiveLabel, matcher)
            return Evaluation(task: .classification, target: target, sample: .classification(ClassificationSample(
                classes: matcher.classes, truth: truth, predicted: predicted, probabilities: probabilities, positive: positive)))
        }
    }

    /// The target's labels as class indices; labels the model does not know are an
    /// error (a label type that does not match, or the wrong target column).
    static func truthLabels(_ table: Table, _ target: String, _ matcher: LabelMatcher) throws -> [Int] {
        let column = try table.column(target)
        try TestTable.rejectNulls(column)
        return try matcher.indices(of: column) { unknown in
            StageError.invalidInput("the target '\(target)' (\(column.type.rawValue)) holds label(s) \(LabelMatcher.list(unknown)) that are not among the model's classes \(LabelMatcher.list(matcher.classes)): check 'target', and that the model was trained on this column with the same label type")
        }
    }

    /// The index of the positive class.
    static func positiveClass(_ label: String?, _ matcher: LabelMatcher) throws -> Int {
        guard let label else { return min(1, matcher.classes.count - 1) }
        guard let index = matcher.index(of: label) else {
            throw StageError.invalidConfig("'positive_label' is '\(label)', which is not one of the model's classes \(LabelMatcher.list(matcher.classes))")
        }
        return index
    }

    /// The value of metric `name`.
    func value(of name: String) throws(MetricError) -> Double {
        switch sample {
        case .regression(let sample): try sample.value(of: name)
        case .classification(let sample): try sample.value(of: name)
        }
    }

    /// The positive class's label, for binary classifiers.
    var positiveLabel: String? {
        guard case .classification(let sample) = sample, sample.isBinary else { return nil }
        return sample.classes[sample.positive]
    }
}
