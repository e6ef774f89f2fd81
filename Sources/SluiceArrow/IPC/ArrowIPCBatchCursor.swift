/// Reads an Arrow IPC file one record batch at a time, for files larger than memory:
/// the file is mapped, not read, and each batch's buffers are views of the mapping, so
/// only the pages of the batches in use are resident (the kernel drops clean pages of
/// earlier ones under memory pressure). `ArrowIPCFileReader` reads a whole table.
package final class ArrowIPCBatchCursor {
    package let schema: ArrowTableSchema
    /// The number of record batches in the file.
    package let batchCount: Int
    private let decoder: ArrowIPCBatchDecoder
    private let messages: [ArrowIPCMessage]
    private let dictionaries: [Int64: ArrowArrayData]
    private var next = 0

    package init(path: String) throws {
        let storage = try ArrowFileLoader.load(path, .map)
        let source = ArrowIPCSource(storage: storage, path: path)
        let size = source.size
        try ArrowIPCFileReader.checkMagic(source)
        guard size >= 8 + 4 + 6 + 8, ArrowIPCFileReader.hasMagic(source, at: size - 6) else {
            throw ArrowError.truncated(path, at: size, "the file does not end with the ARROW1 magic that closes an Arrow IPC file")
        }
        let footerLength = Int(source.load(Int32.self, at: size - 10))
        let footerStart = size - 10 - footerLength
        guard footerLength > 0, footerStart >= 8 else {
            throw ArrowError.corrupt(path, at: size - 10, "the footer length \(footerLength) does not fit the \(size)-byte file")
        }
        let footer = try FlatBufferReader(storage: storage, start: footerStart, count: footerLength, path: path, fileOffset: footerStart).root()
        guard let schemaTable = try footer.table(ArrowIPC.Footer.schema) else {
            throw ArrowError.corrupt(path, at: footerStart, "the footer has no schema")
        }
        let (schema, fields) = try ArrowIPCSchemaDecoder(path: path).schema(schemaTable)
        decoder = ArrowIPCBatchDecoder(source: source, fields: fields)
        // A file cannot replace a dictionary, so every one is known before the first batch.
        var dictionaries: [Int64: ArrowArrayData] = [:]
        for message in try ArrowIPCFileReader.messages(source, footer, slot: ArrowIPC.Footer.dictionaries, end: footerStart, kind: .dictionaryBatch) {
            let (id, values, isDelta) = try decoder.dictionaryBatch(message)
            dictionaries[id] = try ArrowIPCDictionaries.apply(values, isDelta: isDelta, to: dictionaries[id])
        }
        self.dictionaries = dictionaries
        messages = try ArrowIPCFileReader.messages(source, footer, slot: ArrowIPC.Footer.recordBatches, end: footerStart, kind: .recordBatch)
        batchCount = messages.count
        self.schema = schema
    }

    /// The next record batch, or nil after the last one.
    package func nextBatch() throws -> ArrowRecordBatch? {
        guard next < messages.count else { return nil }
        defer { next += 1 }
        return try decoder.recordBatch(messages[next], dictionaries: dictionaries)
    }
}
