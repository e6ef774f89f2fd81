/// The class probabilities a classifier gave: one row per test row, one column per
/// class (in class order), stored row-major.
public struct ProbabilityMatrix: Equatable, Sendable {
    public let rowCount: Int
    public let classCount: Int
    public let values: [Double]

    /// `values` holds `rowCount × classCount` numbers, row after row.
    public init(rowCount: Int, classCount: Int, values: [Double]) throws(MetricError) {
        guard values.count == rowCount * classCount else {
            throw MetricError("metric.length-mismatch", "\(values.count) probabilities for \(rowCount) rows of \(classCount) classes")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw MetricError("metric.not-finite", "the probability of row \(bad / max(classCount, 1)) is not a finite number")
        }
        self.rowCount = rowCount
        self.classCount = classCount
        self.values = values
    }

    /// From one array per class (column-major, as prediction tables hold them).
    public init(columns: [[Double]]) throws(MetricError) {
        let rows = columns.first?.count ?? 0
        guard columns.allSatisfy({ $0.count == rows }) else {
            throw MetricError("metric.length-mismatch", "the probability columns differ in length")
        }
        var values = [Double](repeating: 0, count: rows * columns.count)
        for (c, column) in columns.enumerated() {
            for (r, value) in column.enumerated() { values[r * columns.count + c] = value }
        }
        try self.init(rowCount: rows, classCount: columns.count, values: values)
    }

    public subscript(row: Int, column: Int) -> Double { values[row * classCount + column] }

    /// Column `c`: every row's probability of class `c`.
    public func column(_ c: Int) -> [Double] { (0..<rowCount).map { self[$0, c] } }
}
