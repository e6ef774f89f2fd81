/// A chunk of a table: one array per column, all of the same length.
package struct ArrowRecordBatch: Sendable {
    /// The number of rows.
    package let length: Int
    package let columns: [ArrowArrayData]

    /// A batch of `columns`; throws `arrow.invalid` when their lengths differ. `length`
    /// is only needed for a batch without columns.
    package init(length: Int? = nil, columns: [ArrowArrayData]) throws {
        let length = length ?? columns.first?.length ?? 0
        if let odd = columns.firstIndex(where: { $0.length != length }) {
            throw ArrowError.invalid("column \(odd) has \(columns[odd].length) rows, the batch has \(length)")
        }
        guard length >= 0 else { throw ArrowError.invalid("a batch cannot have \(length) rows") }
        self.length = length
        self.columns = columns
    }

    /// A batch built from Swift values, one entry per column.
    package init(_ values: [ArrowValues]) throws {
        try self.init(columns: values.map { try ArrowArrayData($0) })
    }
}
