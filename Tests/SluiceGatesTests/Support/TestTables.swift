@testable import SluiceArrow


/// Small test tables whose metrics are easy to check by hand.
enum TestTables {
    /// y = 2x + 1, except the last row (12 instead of 11). Against the line
    /// 2x + 1: errors 0,0,0,0,1, so mse 0.2, mae 0.2, rmse √0.2, and with
    /// Σ(y − ȳ)² = 48.8, r2 = 1 − 1/48.8.
    static func line() throws -> ArrowTable {
        try ArrowTable([
            "x": .float64([1, 2, 3, 4, 5]),
            "z": .float64([10, 20, 30, 40, 50]),
            "city": .utf8(["Oslo", "Lima", "Oslo", "Pune", "Lima"]),
            "y": .float64([3, 5, 7, 9, 12]),
        ], metadata: ["sluice.target": "y"])
    }

    static let lineR2 = 1 - 1 / 48.8

    /// Two classes "no" / "yes"; against the threshold 0.5 on x, rows 0–5 are right,
    /// row 6 is a false positive and row 7 a false negative: accuracy 0.75,
    /// precision, recall and f1 of "yes" all 3/4.
    static func binary(labels: ArrowValues = .utf8(["no", "no", "no", "yes", "yes", "yes", "no", "yes"])) throws -> ArrowTable {
        try ArrowTable([
            "x": .float64([0.1, 0.2, 0.3, 0.6, 0.7, 0.9, 0.8, 0.4]),
            "y": labels,
        ], metadata: ["sluice.target": "y"])
    }

    /// The fairness table, computed by hand with the threshold 0.5 on x, classes
    /// "0" / "1" (int64 labels), positive label 1:
    ///
    ///     slice  y        x                    predicted  selection  TPR  accuracy
    ///     F      1 1 0 0  0.9 0.2 0.7 0.1      1 0 1 0    2/4 = 0.5  1/2  2/4
    ///     M      1 1 1 0  0.8 0.6 0.9 0.3      1 1 1 0    3/4        3/3  4/4
    ///
    /// demographic parity difference 0.75 − 0.5 = 0.25, equal opportunity
    /// difference 1 − 0.5 = 0.5, disparate impact ratio 0.5 / 0.75 = 2/3.
    static func fairness() throws -> ArrowTable {
        try ArrowTable([
            "sex": .dictionary(["F", "F", "F", "F", "M", "M", "M", "M"]),
            "x": .float64([0.9, 0.2, 0.7, 0.1, 0.8, 0.6, 0.9, 0.3]),
            "y": .int64([1, 1, 0, 0, 1, 1, 1, 0]),
        ], metadata: ["sluice.target": "y"])
    }
}
