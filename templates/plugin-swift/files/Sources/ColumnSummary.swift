import SluiceKit

/// Count, mean, min and max of a column's values, ignoring nulls and NaN.
struct ColumnSummary: Equatable {
    let column: String
    let count: Int
    let mean: Double
    let min: Double
    let max: Double

    /// Why a column cannot be summarised.
    struct NoValues: Error, CustomStringConvertible {
        let column: String
        var description: String { "column '\(column)' has no values (only nulls or NaN)" }
    }

    init(column: String, values: [Double?]) throws(NoValues) {
        let present = values.compactMap { $0 }.filter { !$0.isNaN }
        guard let first = present.first else { throw NoValues(column: column) }
        self.column = column
        count = present.count
        mean = present.reduce(0, +) / Double(present.count)
        min = present.reduce(first, Swift.min)
        max = present.reduce(first, Swift.max)
    }

    /// The report: one JSON object, keys sorted (members are written in the order
    /// given), whole numbers without ".0".
    func json() -> String {
        JSONText.object([
            ("column", .string(column)), ("count", .integer(Int64(count))), ("max", .number(max)), ("mean", .number(mean)), ("min", .number(min)),
        ]).text
    }
}
