/// How precision, recall and f1 combine the classes.
public enum Averaging: Equatable, Sendable {
    /// The score of one class, the positive one (scikit-learn's `average="binary"`).
    case binary(positive: Int)
    /// The unweighted mean of the per-class scores over the classes that occur as a
    /// true or a predicted label (`average="macro"`).
    case macro
}

/// Classification metrics on class indices, defined as scikit-learn defines them.
///
/// Where a ratio has a zero denominator (precision of a class never predicted, recall
/// of a class that never occurs) the score is 0, as scikit-learn's default
/// `zero_division="warn"` gives (with a warning).
public enum ClassificationMetrics {
    /// The share of rows predicted right.
    public static func accuracy(truth: [Int], predicted: [Int]) throws(MetricError) -> Double {
        try checkRows(truth.count, predicted.count)
        let right = zip(truth, predicted).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(right) / Double(truth.count)
    }

    /// tp / (tp + fp).
    public static func precision(_ matrix: ConfusionMatrix, _ averaging: Averaging) -> Double {
        average(matrix, averaging) { c in ratio(matrix.truePositives(c), matrix.truePositives(c) + matrix.falsePositives(c)) }
    }

    /// tp / (tp + fn).
    public static func recall(_ matrix: ConfusionMatrix, _ averaging: Averaging) -> Double {
        average(matrix, averaging) { c in ratio(matrix.truePositives(c), matrix.truePositives(c) + matrix.falseNegatives(c)) }
    }

    /// 2·tp / (2·tp + fp + fn), the harmonic mean of precision and recall; the macro
    /// average is the mean of the per-class f1 (not the f1 of the mean precision and recall).
    public static func f1(_ matrix: ConfusionMatrix, _ averaging: Averaging) -> Double {
        average(matrix, averaging) { c in
            let tp = matrix.truePositives(c)
            return ratio(2 * tp, 2 * tp + matrix.falsePositives(c) + matrix.falseNegatives(c))
        }
    }

    private static func average(_ matrix: ConfusionMatrix, _ averaging: Averaging, _ score: (Int) -> Double) -> Double {
        switch averaging {
        case .binary(let positive):
            return score(positive)
        case .macro:
            let classes = matrix.presentClasses
            guard !classes.isEmpty else { return 0 }
            return classes.reduce(0) { $0 + score($1) } / Double(classes.count)
        }
    }

    private static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }

    static func checkRows(_ truth: Int, _ predicted: Int) throws(MetricError) {
        guard truth == predicted else { throw MetricError("metric.length-mismatch", "\(truth) true labels but \(predicted) predictions") }
        guard truth > 0 else { throw MetricError("metric.empty", "there are no rows to evaluate") }
    }
}
