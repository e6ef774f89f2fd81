/// The host's in-memory table: a schema and zero or more record batches (chunks) that
/// follow it. What stages exchange and what an Arrow IPC file holds.
package struct ArrowTable: Sendable {
    package let schema: ArrowTableSchema
    package let batches: [ArrowRecordBatch]
    /// The Arrow IPC file this table is, exactly, when it was read by mapping that file
    /// (which must then not change, see `ArrowFileLoading.map`): another process given
    /// the file gets the same table without a copy. Nil for every table made otherwise.
    package private(set) var mappedFile: String?

    /// A table of `batches`; throws `arrow.invalid` when a batch does not match the
    /// schema (column count or types) or puts nulls in a non-nullable column.
    package init(schema: ArrowTableSchema, batches: [ArrowRecordBatch]) throws {
        for (number, batch) in batches.enumerated() {
            guard batch.columns.count == schema.fields.count else {
                throw ArrowError.invalid("batch \(number) has \(batch.columns.count) columns, the schema has \(schema.fields.count)")
            }
            for (field, column) in zip(schema.fields, batch.columns) {
                guard column.type == field.type else {
                    throw ArrowError.invalid("column '\(field.name)' is \(field.type) in the schema but \(column.type) in batch \(number)")
                }
                guard field.nullable || column.nullCount == 0 else {
                    throw ArrowError.invalid("column '\(field.name)' is not nullable but batch \(number) has \(column.nullCount) nulls")
                }
            }
        }
        self.schema = schema
        self.batches = batches
    }

    /// A one-batch table of nullable columns built from Swift values, e.g.
    /// `ArrowTable(["x": .float64([1, nil]), "city": .utf8(["Oslo", "Lima"])])`.
    package init(_ columns: KeyValuePairs<String, ArrowValues>, metadata: [String: String] = [:]) throws {
        let schema = ArrowTableSchema(columns.map { ArrowField($0.key, $0.value.type) }, metadata: metadata)
        try self.init(schema: schema, batches: [ArrowRecordBatch(columns.map(\.value))])
    }

    /// The number of rows over all batches.
    package var rowCount: Int { batches.reduce(0) { $0 + $1.length } }

    /// The chunks of the first column named `name`, one per batch.
    package func chunks(_ name: String) -> [ArrowArrayData]? {
        schema.index(of: name).map { index in batches.map { $0.columns[index] } }
    }

    /// All values of the first column named `name`, over all batches.
    package func values(_ name: String) -> ArrowValues? {
        guard let index = schema.index(of: name) else { return nil }
        // The types match: the initializer checked every batch against the schema.
        return ArrowValues.joined(batches.map { $0.columns[index].swiftValues }, type: schema.fields[index].type)
    }
}

extension ArrowTable {
    /// Says the table is the mapped file at `path` (for the IPC reader).
    mutating func markMapped(from path: String) {
        mappedFile = path
    }

    /// A table read from a file: the reader has checked every batch against the schema.
    /// Nullability is not enforced, as pyarrow does not enforce it either.
    package init(decoded schema: ArrowTableSchema, batches: [ArrowRecordBatch]) {
        self.schema = schema
        self.batches = batches
    }
}
