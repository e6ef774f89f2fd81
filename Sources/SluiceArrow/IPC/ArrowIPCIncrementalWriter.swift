import SluiceSupport
/// Writes an Arrow IPC file (Feather V2) batch by batch, so a table larger than memory
/// can be written as it is produced: the schema goes out at once, each batch as it is
/// appended, the footer (which lists every block) on `finish`. Like
/// `ArrowIPCFileWriter`, it writes to a temporary file renamed into place on `finish`,
/// so a failed run leaves no half file; nothing is written if `finish` never runs.
///
/// The file format cannot replace a dictionary between batches, so each dictionary
/// column must keep the categories of its first batch (true of every batch read from
/// one IPC file); a batch with other categories is refused.
package final class ArrowIPCIncrementalWriter {
    package let schema: ArrowTableSchema
    private let sink: AtomicFileSink
    private let schemaTable: FlatTableValue
    private var dictionaries: [Int: ArrowArrayData] = [:]
    private var dictionaryBlocks: [UInt8] = []
    private var batchBlocks: [UInt8] = []
    private var batchCount = 0
    private var finished = false
    private let compression: ArrowIPCCompression?

    package init(path: String, schema: ArrowTableSchema, compression: ArrowIPCCompression? = nil) throws {
        self.schema = schema
        self.compression = compression
        sink = try AtomicFileSink(path: path)
        schemaTable = ArrowIPCSchemaEncoder.schema(schema)
        try sink.write(ArrowIPC.magic + [0, 0])
        _ = try ArrowIPCFileWriter.writeMessage(.schema, header: schemaTable, body: ArrowIPCBody(), to: sink)
    }

    /// Appends one batch; its columns must have the schema's types.
    package func append(_ batch: ArrowRecordBatch) throws {
        precondition(!finished, "append after finish")
        guard batch.columns.count == schema.fields.count else {
            throw ArrowError.invalid("the batch has \(batch.columns.count) columns, the file's schema \(schema.fields.count)")
        }
        for (index, (field, column)) in zip(schema.fields, batch.columns).enumerated() {
            guard column.type == field.type else {
                throw ArrowError.invalid("column '\(field.name)' is \(column.type) in this batch but \(field.type) in the file's schema")
            }
            if case .dictionary = field.type { try writeDictionary(column.dictionary, column: index, name: field.name) }
        }
        var body = ArrowIPCBody(compression: compression)
        for column in batch.columns { body.add(column) }
        batchBlocks += try ArrowIPCFileWriter.writeMessage(.recordBatch, header: ArrowIPCFileWriter.recordBatch(length: batch.length, body), body: body, to: sink)
        batchCount += 1
    }

    /// Writes the footer and renames the file into place.
    package func finish() throws {
        precondition(!finished, "finish called twice")
        finished = true
        for (index, field) in schema.fields.enumerated() where dictionaries[index] == nil {
            if case .dictionary = field.type { try writeDictionary(try ArrowArrayData(.utf8([])), column: index, name: field.name) }
        }
        try sink.write(ArrowIPC.continuation)
        try sink.write(UInt32(0))
        let footer = FlatBufferBuilder.serialize(FlatTableValue([
            (ArrowIPC.Footer.version, .int16(ArrowIPC.metadataV5)),
            (ArrowIPC.Footer.schema, .table(schemaTable)),
            (ArrowIPC.Footer.dictionaries, .structs(bytes: dictionaryBlocks, count: dictionaries.count, alignment: 8)),
            (ArrowIPC.Footer.recordBatches, .structs(bytes: batchBlocks, count: batchCount, alignment: 8)),
        ]))
        try sink.write(footer)
        try sink.write(Int32(footer.count))
        try sink.write(ArrowIPC.magic)
        try sink.commit()
    }

    /// Writes a column's dictionary the first time it is seen; afterwards checks that it did not change.
    private func writeDictionary(_ dictionary: ArrowArrayData?, column: Int, name: String) throws {
        let values = try dictionary ?? ArrowArrayData(.utf8([]))
        if let written = dictionaries[column] {
            guard written === values || written.hasSameStrings(as: values) else {
                throw ArrowError.invalid("the categories of column '\(name)' change between batches, which an Arrow IPC file cannot hold; write it as a CSV file, or make the categories the same in every batch")
            }
            return
        }
        var body = ArrowIPCBody(compression: compression)
        body.add(values)
        let header = FlatTableValue([
            (ArrowIPC.DictionaryBatch.id, .int64(Int64(column))),  // The id the schema encoder gave the column.
            (ArrowIPC.DictionaryBatch.data, .table(ArrowIPCFileWriter.recordBatch(length: values.length, body))),
        ])
        dictionaryBlocks += try ArrowIPCFileWriter.writeMessage(.dictionaryBatch, header: header, body: body, to: sink)
        dictionaries[column] = values
    }
}
