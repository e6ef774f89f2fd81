/// Counts of (true class, predicted class) pairs: `counts[t][p]`, rows the true class
/// and columns the predicted one, both in class order (scikit-learn's
/// `confusion_matrix(y_true, y_pred, labels=classes)`).
public struct ConfusionMatrix: Equatable, Sendable {
    public let counts: [[Int]]

    /// The matrix of `truth` and `predicted`, class indices in `0..<classCount`.
    public init(truth: [Int], predicted: [Int], classCount: Int) {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (t, p) in zip(truth, predicted) { counts[t][p] += 1 }
        self.counts = counts
    }

    public var classCount: Int { counts.count }

    /// Rows of class `c` predicted as `c`.
    public func truePositives(_ c: Int) -> Int { counts[c][c] }
    /// Rows predicted as `c` whose true class is another.
    public func falsePositives(_ c: Int) -> Int { (0..<classCount).reduce(0) { $0 + ($1 == c ? 0 : counts[$1][c]) } }
    /// Rows of class `c` predicted as another.
    public func falseNegatives(_ c: Int) -> Int { counts[c].reduce(0, +) - counts[c][c] }
    /// Rows whose true class is `c`.
    public func support(_ c: Int) -> Int { counts[c].reduce(0, +) }
    /// Rows predicted as `c`.
    public func predictedCount(_ c: Int) -> Int { (0..<classCount).reduce(0) { $0 + counts[$1][c] } }

    /// The classes that occur at all, as true or predicted labels: the labels
    /// scikit-learn averages over when it is not given `labels`.
    public var presentClasses: [Int] { (0..<classCount).filter { support($0) > 0 || predictedCount($0) > 0 } }
}
