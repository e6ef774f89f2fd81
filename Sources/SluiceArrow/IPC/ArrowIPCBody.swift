/// The body of a batch message: the field nodes and buffers of its arrays, each buffer
/// at an offset aligned to 64 bytes, as the RecordBatch metadata describes them.
/// Uncompressed buffers are written straight from the arrays' memory; compressed ones
/// are encoded as they are added.
package struct ArrowIPCBody {
    package struct Part {
        /// The array's own buffer (uncompressed), or nil when `encoded` holds the bytes.
        package let buffer: ArrowBuffer?
        package let encoded: [UInt8]?
        package let offset: Int
        package let length: Int
    }
    package let compression: ArrowIPCCompression?
    private(set) var nodes: [(length: Int, nullCount: Int)] = []
    private(set) var parts: [Part] = []
    /// The body's length, a multiple of 64.
    private(set) var length = 0

    package init(compression: ArrowIPCCompression? = nil) {
        self.compression = compression
    }

    /// Adds `array`'s node and buffers, writing only the bytes its slots use.
    package mutating func add(_ array: ArrowArrayData) {
        nodes.append((array.length, array.nullCount))
        add(array.validity, array.nullCount == 0 ? 0 : ArrowArrayData.bitmapLength(array.length))
        switch array.type {
        case .float64, .float32, .int64, .int32, .dictionary:
            add(array.values, array.length * (array.type.byteWidth ?? 0))
        case .bool:
            add(array.values, ArrowArrayData.bitmapLength(array.length))
        case .utf8:
            add(array.offsets, (array.length + 1) * 4)
            let end = array.offsets!.baseAddress.load(fromByteOffset: array.length * 4, as: Int32.self)
            add(array.values, Int(end))
        }
    }

    private mutating func add(_ buffer: ArrowBuffer?, _ byteCount: Int) {
        let used = buffer == nil ? 0 : byteCount
        // An absent or empty buffer stays zero bytes long, without a length prefix, as
        // Arrow's own writers do.
        if let compression, let buffer, used > 0 {
            let encoded = buffer.withUnsafeBytes { compression.encode(UnsafeRawBufferPointer(rebasing: $0.prefix(used))) }
            parts.append(Part(buffer: nil, encoded: encoded, offset: length, length: encoded.count))
            length += ArrowStorage.paddedLength(encoded.count)
            return
        }
        parts.append(Part(buffer: buffer, encoded: nil, offset: length, length: used))
        length += ArrowStorage.paddedLength(used)
    }

    /// FieldNode structs, for the RecordBatch table.
    package var nodeStructs: FlatValue {
        var bytes: [UInt8] = []
        for node in nodes { bytes.appendLittleEndian(Int64(node.length)); bytes.appendLittleEndian(Int64(node.nullCount)) }
        return .structs(bytes: bytes, count: nodes.count, alignment: 8)
    }

    /// Buffer structs, for the RecordBatch table.
    package var bufferStructs: FlatValue {
        var bytes: [UInt8] = []
        for part in parts { bytes.appendLittleEndian(Int64(part.offset)); bytes.appendLittleEndian(Int64(part.length)) }
        return .structs(bytes: bytes, count: parts.count, alignment: 8)
    }

    /// Writes the buffers straight from their memory, zero-padded to their offsets.
    package func write(to sink: AtomicFileSink) throws {
        var written = 0
        for part in parts {
            try sink.writeZeros(part.offset - written)
            if let encoded = part.encoded {
                try encoded.withUnsafeBytes { try sink.write($0) }
            } else if let buffer = part.buffer, part.length > 0 {
                try buffer.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0.prefix(part.length))) }
            }
            written = part.offset + part.length
        }
        try sink.writeZeros(length - written)
    }
}

extension [UInt8] {
    package mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
