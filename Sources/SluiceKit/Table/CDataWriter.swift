import CSluiceABI

/// Builds C Data structs for the SDK's columns. The structures of one batch (or one
/// schema) share one allocation: a column crossing the boundary used to cost several
/// heap allocations, which dominated serving a row through several plugins.
///
/// The C Data Interface lets a consumer move a child out and release the parent at
/// once, then release the child later. So every structure in a block holds its own
/// reference to the block and has its own release callback; the block is freed with
/// the last one, and the parent's release releases the children not moved out.
enum CDataWriter {
    static func schema(of table: Table, into out: UnsafeMutablePointer<ArrowSchema>) {
        let columns = table.columns
        let dictionaries = columns.reduce(0) { $1.type == .categorical ? $0 + 1 : $0 }
        let rootMetadata = encode(table.metadata)
        // Every string with its NUL: "+s", "" and the metadata; each column's format
        // and name; "u" for each dictionary.
        var textBytes = 3 + 1 + (rootMetadata?.count ?? 0) + 2 * dictionaries
        for column in columns { textBytes += format(column.type).utf8.count + 1 + column.name.utf8.count + 1 }
        var layout = BlockLayout()
        let schemasAt = layout.reserve(ArrowSchema.self, count: columns.count + dictionaries)
        let childrenAt = layout.reserve(UnsafeMutablePointer<ArrowSchema>?.self, count: columns.count)
        let textAt = layout.reserve(UInt8.self, count: textBytes)
        let block = ExportBlock(byteCount: layout.byteCount, columns: [])
        let schemas = (block.memory + schemasAt).bindMemory(to: ArrowSchema.self, capacity: columns.count + dictionaries)
        let children = (block.memory + childrenAt).bindMemory(to: UnsafeMutablePointer<ArrowSchema>?.self, capacity: columns.count)
        var text = TextWriter(start: (block.memory + textAt).bindMemory(to: CChar.self, capacity: textBytes))
        var nextDictionary = columns.count
        for (index, column) in columns.enumerated() {
            var flags = Int64(ARROW_FLAG_NULLABLE)
            var dictionary: UnsafeMutablePointer<ArrowSchema>?
            if column.type == .categorical {
                dictionary = schemas + nextDictionary
                nextDictionary += 1
                dictionary!.initialize(to: ArrowSchema(
                    format: text.write("u"), name: nil, metadata: nil, flags: Int64(ARROW_FLAG_NULLABLE), n_children: 0, children: nil,
                    dictionary: nil, release: releaseSchema, private_data: block.retainedReference()))
                if column.ordered { flags |= Int64(ARROW_FLAG_DICTIONARY_ORDERED) }
            }
            let child = schemas + index
            child.initialize(to: ArrowSchema(
                format: text.write(format(column.type)), name: text.write(column.name), metadata: nil, flags: flags, n_children: 0,
                children: nil, dictionary: dictionary, release: releaseSchema, private_data: block.retainedReference()))
            children[index] = child
        }
        out.pointee = ArrowSchema(
            format: text.write("+s"), name: text.write(""), metadata: text.write(rootMetadata), flags: 0, n_children: Int64(columns.count),
            children: columns.isEmpty ? nil : children, dictionary: nil, release: releaseSchema, private_data: block.retainedReference())
    }

    static func batch(of table: Table, into out: UnsafeMutablePointer<ArrowArray>) {
        let columns = table.columns
        var dictionaries = 0, bufferCount = 1  // the struct array's one (absent) validity buffer
        for column in columns {
            bufferCount += column.type == .string ? 3 : 2
            if column.dictionary != nil {
                dictionaries += 1
                bufferCount += 3
            }
        }
        var layout = BlockLayout()
        let arraysAt = layout.reserve(ArrowArray.self, count: columns.count + dictionaries)
        let childrenAt = layout.reserve(UnsafeMutablePointer<ArrowArray>?.self, count: columns.count)
        let buffersAt = layout.reserve(UnsafeRawPointer?.self, count: bufferCount)
        let block = ExportBlock(byteCount: layout.byteCount, columns: columns)
        let arrays = (block.memory + arraysAt).bindMemory(to: ArrowArray.self, capacity: columns.count + dictionaries)
        let children = (block.memory + childrenAt).bindMemory(to: UnsafeMutablePointer<ArrowArray>?.self, capacity: columns.count)
        let buffers = (block.memory + buffersAt).bindMemory(to: UnsafeRawPointer?.self, capacity: bufferCount)
        buffers[0] = nil
        var nextBuffer = 1, nextDictionary = columns.count
        func fill(_ column: Column, into array: UnsafeMutablePointer<ArrowArray>) {
            let own = buffers + nextBuffer
            own[0] = column.validity?.address
            if column.type == .string {
                own[1] = column.offsets?.address
                own[2] = column.values.address
                nextBuffer += 3
            } else {
                own[1] = column.values.address
                nextBuffer += 2
            }
            var dictionary: UnsafeMutablePointer<ArrowArray>?
            if let values = column.dictionary?.column {
                dictionary = arrays + nextDictionary
                nextDictionary += 1
                fill(values, into: dictionary!)
            }
            array.initialize(to: ArrowArray(
                length: Int64(column.count), null_count: Int64(column.nullCount), offset: 0, n_buffers: column.type == .string ? 3 : 2,
                n_children: 0, buffers: own, children: nil, dictionary: dictionary, release: releaseArray, private_data: block.retainedReference()))
        }
        for (index, column) in columns.enumerated() {
            fill(column, into: arrays + index)
            children[index] = arrays + index
        }
        out.pointee = ArrowArray(
            length: Int64(table.rowCount), null_count: 0, offset: 0, n_buffers: 1, n_children: Int64(columns.count),
            buffers: buffers, children: columns.isEmpty ? nil : children, dictionary: nil, release: releaseArray,
            private_data: block.retainedReference())
    }

    static func format(_ type: ColumnType) -> String {
        switch type {
        case .float64: "g"
        case .float32: "f"
        case .int64: "l"
        case .int32, .categorical: "i"
        case .bool: "b"
        case .string: "u"
        }
    }

    /// Arrow's binary metadata (int32 count, then int32-length-prefixed keys and
    /// values, sorted by key); nil when there is none.
    private static func encode(_ metadata: [String: String]) -> [UInt8]? {
        guard !metadata.isEmpty else { return nil }
        var bytes: [UInt8] = []
        func append(_ value: Int32) { withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) } }
        append(Int32(metadata.count))
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            append(Int32(key.utf8.count)); bytes.append(contentsOf: key.utf8)
            append(Int32(value.utf8.count)); bytes.append(contentsOf: value.utf8)
        }
        return bytes
    }

    /// `release` of an exported array: its children and dictionary (those not moved
    /// out), then its reference to the block.
    static let releaseArray: @convention(c) (UnsafeMutablePointer<ArrowArray>?) -> Void = { array in
        guard let array, array.pointee.release != nil else { return }
        if let children = array.pointee.children {
            for index in 0..<Int(array.pointee.n_children) {
                if let child = children[index], let release = child.pointee.release { release(child) }
            }
        }
        if let dictionary = array.pointee.dictionary, let release = dictionary.pointee.release { release(dictionary) }
        ExportBlock.release(array.pointee.private_data)
        array.pointee.release = nil
        array.pointee.private_data = nil
    }

    /// `release` of an exported schema, children and dictionary included.
    static let releaseSchema: @convention(c) (UnsafeMutablePointer<ArrowSchema>?) -> Void = { schema in
        guard let schema, schema.pointee.release != nil else { return }
        if let children = schema.pointee.children {
            for index in 0..<Int(schema.pointee.n_children) {
                if let child = children[index], let release = child.pointee.release { release(child) }
            }
        }
        if let dictionary = schema.pointee.dictionary, let release = dictionary.pointee.release { release(dictionary) }
        ExportBlock.release(schema.pointee.private_data)
        schema.pointee.release = nil
        schema.pointee.private_data = nil
    }
}

/// The memory of one exported batch or schema, and the columns its buffers point into.
/// @unchecked Sendable: written only while exporting, before the consumer sees it;
/// freed once, when the last structure holding a reference is released.
private final class ExportBlock: @unchecked Sendable {
    let memory: UnsafeMutableRawPointer
    private let columns: [Column]

    init(byteCount: Int, columns: [Column]) {
        memory = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 16)
        self.columns = columns
    }

    deinit { memory.deallocate() }

    /// A reference for one more structure's `private_data`.
    func retainedReference() -> UnsafeMutableRawPointer { Unmanaged.passRetained(self).toOpaque() }

    static func release(_ reference: UnsafeMutableRawPointer?) {
        guard let reference else { return }
        Unmanaged<ExportBlock>.fromOpaque(reference).release()
    }
}

/// Carves typed regions out of a block, in order, each aligned for its type.
private struct BlockLayout {
    private(set) var byteCount = 0

    /// Reserves `count` values of `T`; returns their offset.
    mutating func reserve<T>(_ type: T.Type, count: Int) -> Int {
        let alignment = MemoryLayout<T>.alignment
        byteCount = (byteCount + alignment - 1) & ~(alignment - 1)
        defer { byteCount += count * MemoryLayout<T>.stride }
        return byteCount
    }
}

/// Writes NUL-terminated strings (and metadata bytes) one after another into a block.
private struct TextWriter {
    var next: UnsafeMutablePointer<CChar>

    init(start: UnsafeMutablePointer<CChar>) { next = start }

    mutating func write(_ text: String) -> UnsafePointer<CChar> {
        let start = next
        var text = text
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress { UnsafeMutableRawPointer(start).copyMemory(from: base, byteCount: bytes.count) }
            start[bytes.count] = 0
            next = start + bytes.count + 1
        }
        return UnsafePointer(start)
    }

    mutating func write(_ bytes: [UInt8]?) -> UnsafePointer<CChar>? {
        guard let bytes else { return nil }
        let start = next
        bytes.withUnsafeBytes { UnsafeMutableRawPointer(start).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        next = start + bytes.count
        return UnsafePointer(start)
    }
}
