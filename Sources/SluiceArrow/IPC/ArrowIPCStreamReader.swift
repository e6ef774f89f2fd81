/// Reads the Arrow IPC stream format (.arrows, what `pyarrow.ipc.new_stream` writes):
/// a schema message, then dictionary and record batches in order, then optionally an
/// end-of-stream marker. Unlike a file, a stream may replace a dictionary between batches.
package enum ArrowIPCStreamReader {
    package static func read(_ path: String, loading: ArrowFileLoading = .automatic) throws -> ArrowTable {
        try decode(ArrowFileLoader.load(path, loading), path: path)
    }

    package static func decode(_ storage: ArrowStorage, path: String) throws -> ArrowTable {
        let source = ArrowIPCSource(storage: storage, path: path)
        guard let first = try source.message(at: 0) else {
            throw ArrowError.corrupt(path, at: 0, "the stream ends before its schema")
        }
        guard first.kind == .schema else {
            throw ArrowError.corrupt(path, at: 0, "a stream must start with a schema message, this one starts with a \(first.kind) message")
        }
        let (schema, fields) = try ArrowIPCSchemaDecoder(path: path).schema(first.header)
        let decoder = ArrowIPCBatchDecoder(source: source, fields: fields)
        var dictionaries: [Int64: ArrowArrayData] = [:]
        var batches: [ArrowRecordBatch] = []
        var offset = first.end
        // A stream may end without the end-of-stream marker (the writer closed it early).
        while offset < source.size, let message = try source.message(at: offset) {
            switch message.kind {
            case .dictionaryBatch:
                let (id, values, isDelta) = try decoder.dictionaryBatch(message)
                dictionaries[id] = try ArrowIPCDictionaries.apply(values, isDelta: isDelta, to: dictionaries[id])
            case .recordBatch:
                batches.append(try decoder.recordBatch(message, dictionaries: dictionaries))
            case .schema, .tensor, .sparseTensor:
                throw ArrowError.corrupt(path, at: offset, "a stream may hold one schema and then only batches, not a \(message.kind) message")
            }
            offset = message.end
        }
        return ArrowTable(decoded: schema, batches: batches)
    }
}
