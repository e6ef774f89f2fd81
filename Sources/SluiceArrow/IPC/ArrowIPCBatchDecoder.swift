/// Turns RecordBatch and DictionaryBatch messages into arrays whose buffers are views
/// into the file's storage (zero-copy), copied only where the host's layout differs
/// (narrow indices, large strings) or a buffer is not 8-byte aligned, and decompressed
/// when the writer compressed them (LZ4).
package struct ArrowIPCBatchDecoder {
    package let source: ArrowIPCSource
    package let fields: [ArrowIPCField]

    /// A record batch; dictionary columns point into `dictionaries` by id.
    package func recordBatch(_ message: ArrowIPCMessage, dictionaries: [Int64: ArrowArrayData]) throws -> ArrowRecordBatch {
        var cursor = try BatchCursor(source, message)
        var columns: [ArrowArrayData] = []
        for field in fields {
            let array = try decode(field, cursor: &cursor, message: message, dictionaries: dictionaries)
            guard array.length == cursor.length else {
                throw source.corrupt(message.start, "column '\(field.field.name)' has \(array.length) rows, its batch \(cursor.length)")
            }
            columns.append(array)
        }
        return try ArrowRecordBatch(length: cursor.length, columns: columns)
    }

    /// A dictionary batch: its id, its string values, and whether they extend the
    /// dictionary with that id instead of replacing it.
    package func dictionaryBatch(_ message: ArrowIPCMessage) throws -> (id: Int64, values: ArrowArrayData, isDelta: Bool) {
        let id = try message.header.scalar(ArrowIPC.DictionaryBatch.id, default: Int64(0))
        let isDelta = try message.header.bool(ArrowIPC.DictionaryBatch.isDelta)
        guard let data = try message.header.table(ArrowIPC.DictionaryBatch.data) else {
            throw source.corrupt(message.start, "dictionary batch \(id) has no data")
        }
        let owner = fields.first { if case .dictionary(id, _, _, _) = $0.storage { true } else { false } }
        guard let owner, case .dictionary(_, _, _, let largeValues) = owner.storage else {
            throw source.corrupt(message.start, "dictionary batch \(id) belongs to no column of the schema")
        }
        var cursor = try BatchCursor(source, message, batch: data)
        let valuesField = ArrowIPCField(field: ArrowField(owner.field.name, .utf8), storage: largeValues ? .largeUtf8 : .native(.utf8))
        let values = try decode(valuesField, cursor: &cursor, message: message, dictionaries: [:])
        return (id, values, isDelta)
    }

    private func decode(
        _ field: ArrowIPCField, cursor: inout BatchCursor, message: ArrowIPCMessage, dictionaries: [Int64: ArrowArrayData]
    ) throws -> ArrowArrayData {
        let name = field.field.name
        let (length, nullCount) = try cursor.node(for: name)
        var buffers: [ArrowBuffer] = []
        for _ in 0..<field.storage.bufferCount { buffers.append(try cursor.buffer(for: name)) }
        let validity = buffers[0].count == 0 ? nil : buffers[0]
        let convert = ArrowIPCConversion(source: source, at: message.start, column: name, length: length, validity: nullCount == 0 ? nil : validity)

        var type = field.field.type
        var offsets: ArrowBuffer?
        var values = buffers[1]
        var dictionary: ArrowArrayData?
        switch field.storage {
        case .native(.utf8):
            offsets = convert.emptyOffsetsIfNeeded(buffers[1])
            values = buffers[2]
        case .native:
            break
        case .largeUtf8:
            (offsets, values) = try convert.narrowOffsets(buffers[1], values: buffers[2])
            type = .utf8
        case .dictionary(let id, let bits, let signed, _):
            values = try convert.widenIndices(buffers[1], bits: bits, signed: signed)
            dictionary = try dictionaries[id] ?? (length == 0 ? ArrowArrayData(.utf8([])) : nil)
            guard dictionary != nil else {
                throw source.corrupt(message.start, "column '\(name)' uses dictionary \(id), but no dictionary batch with that id comes before it")
            }
        }
        if let problem = ArrowArrayData.problem(
            type: type, length: length, nullCount: nullCount, validity: validity, offsets: offsets, values: values, dictionary: dictionary
        ) {
            throw source.corrupt(message.start, "column '\(name)': \(problem)")
        }
        return ArrowArrayData(unchecked: type, length: length, nullCount: nullCount, validity: validity,
                              offsets: offsets, values: values, dictionary: dictionary)
    }
}

/// Walks a RecordBatch's field nodes and buffers in order, checking each against the
/// message body.
private struct BatchCursor {
    package let source: ArrowIPCSource
    package let message: ArrowIPCMessage
    package let length: Int
    private let nodes: FlatVector?
    private let buffers: FlatVector?
    private let compression: ArrowIPCCompression?
    private var nextNode = 0
    private var nextBuffer = 0

    package init(_ source: ArrowIPCSource, _ message: ArrowIPCMessage, batch: FlatTable? = nil) throws {
        let batch = batch ?? message.header
        self.source = source
        self.message = message
        compression = try ArrowIPCCompression.of(batch, source: source, at: message.start)
        let length = try batch.scalar(ArrowIPC.RecordBatch.length, default: Int64(0))
        guard length >= 0 else { throw source.corrupt(message.start, "a batch declares \(length) rows") }
        self.length = Int(length)
        nodes = try batch.vector(ArrowIPC.RecordBatch.nodes, elementSize: ArrowIPC.fieldNodeSize)
        buffers = try batch.vector(ArrowIPC.RecordBatch.buffers, elementSize: ArrowIPC.bufferSize)
    }

    package mutating func node(for column: String) throws -> (length: Int, nullCount: Int) {
        guard let nodes, nextNode < nodes.count else {
            throw source.corrupt(message.start, "the batch has no field node for column '\(column)'")
        }
        let at = nodes.position(nextNode)
        nextNode += 1
        let length = try nodes.buffer.scalar(Int64.self, at: at)
        let nullCount = try nodes.buffer.scalar(Int64.self, at: at + 8)
        guard length >= 0, nullCount >= 0, nullCount <= length else {
            throw source.corrupt(message.start, "column '\(column)' declares \(length) rows with \(nullCount) nulls")
        }
        return (Int(length), Int(nullCount))
    }

    /// The next buffer, as a view into the body (a copy when it is not 8-byte aligned),
    /// or decompressed into storage of its own.
    package mutating func buffer(for column: String) throws -> ArrowBuffer {
        guard let buffers, nextBuffer < buffers.count else {
            throw source.corrupt(message.start, "the batch lacks a buffer for column '\(column)'")
        }
        let at = buffers.position(nextBuffer)
        nextBuffer += 1
        let offset = try buffers.buffer.scalar(Int64.self, at: at)
        let length = try buffers.buffer.scalar(Int64.self, at: at + 8)
        guard offset >= 0, length >= 0, offset <= Int64(message.bodyLength) - length else {
            throw source.corrupt(message.bodyStart, "a buffer of column '\(column)' (offset \(offset), length \(length)) lies outside the \(message.bodyLength)-byte message body")
        }
        let start = message.bodyStart + Int(offset)
        let view = try compression?.buffer(source, start: start, length: Int(length), column: column)
            ?? ArrowBuffer(storage: source.storage, offset: start, count: Int(length))
        guard Int(bitPattern: view.baseAddress) % 8 != 0 else { return view }
        // Misaligned buffers would trap typed loads and break C Data consumers: copy them.
        return view.withUnsafeBytes { ArrowBuffer(storage: ArrowStorage(copying: $0)) }
    }
}
