/// The area under the ROC curve, as scikit-learn's `roc_auc_score`.
public enum ROCAUC {
    /// Binary: the AUC of `scores` for telling `positives` (true) from the rest.
    /// Computed from average ranks (the Mann–Whitney statistic), which equals the
    /// trapezoidal area scikit-learn integrates, ties included.
    public static func binary(positives: [Bool], scores: [Double]) throws(MetricError) -> Double {
        guard positives.count == scores.count, !scores.isEmpty else {
            throw MetricError("metric.length-mismatch", "\(positives.count) labels for \(scores.count) scores")
        }
        let positiveCount = positives.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negativeCount = positives.count - positiveCount
        guard positiveCount > 0, negativeCount > 0 else {
            throw MetricError("metric.undefined", "roc_auc is undefined when the test rows hold only one class: add rows of the other class to the test table")
        }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            // Tied scores share the mean of their ranks (1-based).
            let rank = Double(start + end + 2) / 2
            for index in order[start...end] where positives[index] { positiveRankSum += rank }
            start = end + 1
        }
        let p = Double(positiveCount), n = Double(negativeCount)
        return (positiveRankSum - p * (p + 1) / 2) / (p * n)
    }

    /// Binary on class indices: the probability column of `positive` scores the rows.
    public static func binary(truth: [Int], probabilities: ProbabilityMatrix, positive: Int) throws(MetricError) -> Double {
        try binary(positives: truth.map { $0 == positive }, scores: probabilities.column(positive))
    }

    /// Multiclass, one-vs-rest, macro average (`roc_auc_score(y, p, multi_class="ovr")`):
    /// the mean over classes of the binary AUC of each class against the others.
    /// As in scikit-learn, every class must occur in `truth` and each row's
    /// probabilities must sum to 1.
    public static func oneVsRest(truth: [Int], probabilities: ProbabilityMatrix, classNames: [String]) throws(MetricError) -> Double {
        let k = probabilities.classCount
        let missing = (0..<k).filter { c in !truth.contains(c) }
        guard missing.isEmpty else {
            let names = missing.map { classNames.indices.contains($0) ? "'\(classNames[$0])'" : "#\($0)" }.joined(separator: ", ")
            throw MetricError("metric.undefined", "roc_auc (one-vs-rest) is undefined: class \(names) never occurs in the test rows; use a larger or stratified test split")
        }
        for row in 0..<probabilities.rowCount {
            var sum = 0.0
            for c in 0..<k { sum += probabilities[row, c] }
            // numpy.allclose(1, sum) with its default tolerances.
            guard abs(sum - 1) <= 1e-8 + 1e-5 else {
                throw MetricError("metric.not-probabilities", "roc_auc needs probabilities that sum to 1 over the classes; row \(row) sums to \(sum)")
            }
        }
        var total = 0.0
        for c in 0..<k { total += try binary(positives: truth.map { $0 == c }, scores: probabilities.column(c)) }
        return total / Double(k)
    }
}
