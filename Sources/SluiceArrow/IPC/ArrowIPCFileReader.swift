/// Reads Arrow IPC files (Feather V2): `ARROW1`, padding, a stream of messages, a
/// footer flatbuffer listing the schema and every dictionary and record batch block,
/// the footer's int32 length, `ARROW1`.
package enum ArrowIPCFileReader {
    /// The table in the file at `path`. Throws `SluiceError` (`arrow.*`) naming the file
    /// and the byte offset for anything it cannot read; never traps on bad input.
    package static func read(_ path: String, loading: ArrowFileLoading = .automatic) throws -> ArrowTable {
        let storage = try ArrowFileLoader.load(path, loading)
        var table = try decode(storage, path: path)
        if storage.mapsFile { table.markMapped(from: path) }
        return table
    }

    /// The table in the file open as `descriptor` (left open; its buffers map the file).
    package static func read(descriptor: Int32, path: String) throws -> ArrowTable {
        try decode(ArrowFileLoader.load(descriptor: descriptor, path: path, .map), path: path)
    }

    /// The table in `storage`, the bytes of a whole file; buffers are views into it.
    package static func decode(_ storage: ArrowStorage, path: String) throws -> ArrowTable {
        let source = ArrowIPCSource(storage: storage, path: path)
        let (footer, footerStart) = try footer(source)
        guard let schemaTable = try footer.table(ArrowIPC.Footer.schema) else {
            throw ArrowError.corrupt(path, at: footerStart, "the footer has no schema")
        }
        let (schema, fields) = try ArrowIPCSchemaDecoder(path: path).schema(schemaTable)
        let decoder = ArrowIPCBatchDecoder(source: source, fields: fields)

        // The file format allows no dictionary replacement, only deltas, so all
        // dictionaries are known before the first batch.
        var dictionaries: [Int64: ArrowArrayData] = [:]
        for message in try messages(source, footer, slot: ArrowIPC.Footer.dictionaries, end: footerStart, kind: .dictionaryBatch) {
            let (id, values, isDelta) = try decoder.dictionaryBatch(message)
            dictionaries[id] = try ArrowIPCDictionaries.apply(values, isDelta: isDelta, to: dictionaries[id])
        }
        var batches: [ArrowRecordBatch] = []
        for message in try messages(source, footer, slot: ArrowIPC.Footer.recordBatches, end: footerStart, kind: .recordBatch) {
            batches.append(try decoder.recordBatch(message, dictionaries: dictionaries))
        }
        return ArrowTable(decoded: schema, batches: batches)
    }

    /// The body compression each dictionary batch, then each record batch, of the file
    /// in `storage` declares (nil entries: stored uncompressed), in the footer's order.
    package static func bodyCompressions(_ storage: ArrowStorage, path: String) throws -> [ArrowIPCCompression?] {
        let source = ArrowIPCSource(storage: storage, path: path)
        let (footer, footerStart) = try footer(source)
        let dictionaries = try messages(source, footer, slot: ArrowIPC.Footer.dictionaries, end: footerStart, kind: .dictionaryBatch).map { message in
            try message.header.table(ArrowIPC.DictionaryBatch.data).map { try ArrowIPCCompression.of($0, source: source, at: message.start) } ?? nil
        }
        let batches = try messages(source, footer, slot: ArrowIPC.Footer.recordBatches, end: footerStart, kind: .recordBatch).map { message in
            try ArrowIPCCompression.of(message.header, source: source, at: message.start)
        }
        return dictionaries + batches
    }

    /// The footer flatbuffer and where it starts, after checking both magics.
    private static func footer(_ source: ArrowIPCSource) throws -> (FlatTable, start: Int) {
        let size = source.size
        try checkMagic(source)
        // Magic (6), footer length (4), magic (6), and at least 8 bytes of footer.
        guard size >= 8 + 4 + 6 + 8, hasMagic(source, at: size - 6) else {
            throw ArrowError.truncated(source.path, at: size, "the file does not end with the ARROW1 magic that closes an Arrow IPC file")
        }
        let footerLength = Int(source.load(Int32.self, at: size - 10))
        let footerStart = size - 10 - footerLength
        guard footerLength > 0, footerStart >= 8 else {
            throw ArrowError.corrupt(source.path, at: size - 10, "the footer length \(footerLength) does not fit the \(size)-byte file")
        }
        let footer = try FlatBufferReader(storage: source.storage, start: footerStart, count: footerLength, path: source.path, fileOffset: footerStart).root()
        return (footer, footerStart)
    }

    /// Whether the file starts with `ARROW1`; an error that says what it is otherwise.
    package static func checkMagic(_ source: ArrowIPCSource) throws {
        if hasMagic(source, at: 0) { return }
        let head = Array(source.storage.bytes.prefix(6))
        if head.count < 6 && head == Array(ArrowIPC.magic.prefix(head.count)) {
            throw ArrowError.truncated(source.path, at: head.count, "the file ends inside the ARROW1 magic")
        }
        let hint = if head.starts(with: [0xFF, 0xFF, 0xFF, 0xFF]) {
            "it looks like an Arrow IPC stream (.arrows), not a file: read it with ArrowIPCStreamReader"
        } else if head.starts(with: Array("FEA1".utf8)) {
            "it is a Feather V1 file: convert it with pyarrow (feather.write_feather(feather.read_table(path), path, version=2))"
        } else if head.starts(with: Array("PAR1".utf8)) {
            "it is a Parquet file: convert it to Arrow IPC with pyarrow"
        } else {
            "it is not an Arrow IPC (Feather V2) file"
        }
        throw ArrowError.badMagic(source.path, at: 0, "the file does not start with the ARROW1 magic; \(hint)")
    }

    package static func hasMagic(_ source: ArrowIPCSource, at offset: Int) -> Bool {
        offset >= 0 && offset + 6 <= source.size && source.storage.bytes[offset..<offset + 6].elementsEqual(ArrowIPC.magic)
    }

    /// The messages the footer's Blocks in `slot` point to, each checked to be of `kind`
    /// and to lie between the leading magic and the footer.
    package static func messages(
        _ source: ArrowIPCSource, _ footer: FlatTable, slot: Int, end: Int, kind: ArrowIPC.Header
    ) throws -> [ArrowIPCMessage] {
        guard let blocks = try footer.vector(slot, elementSize: ArrowIPC.blockSize) else { return [] }
        return try (0..<blocks.count).map { index in
            let at = blocks.position(index)
            let offset = try blocks.buffer.scalar(Int64.self, at: at)
            guard offset >= 8, offset < Int64(end) else {
                throw source.corrupt(blocks.buffer.fileOffset + at, "the footer points to a \(kind) message at byte \(offset), outside the file's messages (8..<\(end))")
            }
            guard let message = try source.message(at: Int(offset)), message.kind == kind, message.end <= end else {
                throw source.corrupt(Int(offset), "the footer points here for a \(kind) message, but there is none")
            }
            return message
        }
    }
}
