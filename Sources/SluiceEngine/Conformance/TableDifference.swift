import SluiceArrow

/// The first way two tables differ, for saying what a concurrent prediction got wrong;
/// nil when they hold the same columns, types and values (NaN equal to NaN, as the same
/// computation gives both).
package func tableDifference(_ table: ArrowTable, from expected: ArrowTable) -> String? {
    let names = table.schema.fields.map(\.name), wanted = expected.schema.fields.map(\.name)
    guard names == wanted else { return "columns \(names) instead of \(wanted)" }
    guard table.rowCount == expected.rowCount else { return "\(table.rowCount) rows instead of \(expected.rowCount)" }
    for name in names {
        guard let values = table.values(name), let other = expected.values(name) else { continue }
        guard values.type == other.type else { return "column '\(name)' is \(values.type) instead of \(other.type)" }
        if case .float64(let got) = values, case .float64(let want) = other {
            for (row, (a, b)) in zip(got, want).enumerated() where !(a == b || (a?.isNaN == true && b?.isNaN == true)) {
                return "column '\(name)' row \(row): \(a.map { "\($0)" } ?? "null") instead of \(b.map { "\($0)" } ?? "null")"
            }
        } else if values != other {
            return "column '\(name)' holds other values"
        }
    }
    return nil
}
