import SluiceKit

extension ColumnType {
    /// Float or integer: what arithmetic stages (standardize, mean, median) accept.
    /// Bool is left out on purpose: averaging flags is rarely meant.
    var isNumber: Bool { isFloat || isInteger }
    var isFloat: Bool { self == .float64 || self == .float32 }
    var isInteger: Bool { self == .int64 || self == .int32 }
    /// Text: string or categorical.
    var isText: Bool { self == .string || self == .categorical }
}

extension Column {
    /// Whether value `index` is missing: null, or NaN in a float column.
    func isMissing(_ index: Int) -> Bool {
        if isNull(index) { return true }
        return type.isFloat && (double(at: index)?.isNaN ?? true)
    }

    /// The number of missing values (nulls, and NaN in float columns).
    var missingCount: Int {
        guard type.isFloat else { return nullCount }
        return (0..<count).reduce(0) { $0 + (isMissing($1) ? 1 : 0) }
    }

    /// The values that are not missing, as numbers.
    func presentDoubles() -> [Double] {
        (0..<count).compactMap { index in
            guard let value = double(at: index), !value.isNaN else { return nil }
            return value
        }
    }

    /// "column 'x' (float64)" for messages.
    var described: String { "column '\(name)' (\(type.rawValue))" }
}

extension Table {
    /// The same table with the columns named in `replacements` swapped for new ones
    /// (at the same place; a replacement may expand into several columns).
    func replacing(_ replacements: [String: [Column]]) throws -> Table {
        try with(columns: columns.flatMap { replacements[$0.name] ?? [$0] })
    }

    /// The same columns and metadata with no rows.
    var emptied: Table { taking([]) }
}
