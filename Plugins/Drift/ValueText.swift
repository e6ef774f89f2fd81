import SluiceKit

/// Values as text, so that keys and labels match across tables whatever their column
/// types: a CSV of labels may read request ids as int64 and classes as int64, while
/// the prediction log holds every number as float64. Whole floats print without
/// ".0" (1.0 is "1"), booleans as "true"/"false".
enum ValueText {
    static func of(_ column: Column, _ row: Int) -> String? {
        switch column.type {
        case .string, .categorical: return column.string(at: row)
        case .bool: return column.bool(at: row).map { $0 ? "true" : "false" }
        case .int64, .int32: return column.int64(at: row).map { String($0) }
        case .float64, .float32:
            guard let value = column.double(at: row), !value.isNaN else { return nil }
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        }
    }

    /// Every value of `column`; nil for nulls (and NaN).
    static func all(_ column: Column) -> [String?] {
        (0..<column.count).map { of(column, $0) }
    }

    /// Class labels in a stable, natural order: numerically when every label is a
    /// number (so "10" follows "9"), else by text.
    static func sortedLabels(_ labels: Set<String>) -> [String] {
        let numbers = labels.map { ($0, Double($0)) }
        if numbers.allSatisfy({ $0.1 != nil }) {
            return numbers.sorted { ($0.1!, $0.0) < ($1.1!, $1.0) }.map(\.0)
        }
        return labels.sorted()
    }
}
