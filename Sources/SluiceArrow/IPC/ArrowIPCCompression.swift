import SluiceCompression
/// A batch's body compression (Arrow's BodyCompression, method BUFFER): each buffer is
/// an int64 little-endian uncompressed length, then the compressed bytes; a length of -1
/// means the bytes follow uncompressed (a writer's choice when compressing did not pay).
package enum ArrowIPCCompression: Sendable, CaseIterable {
    case lz4Frame, zstd

    /// The codec a pipeline file names (`compression: zstd` or `lz4`), nil for another name.
    package init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }

    /// What a pipeline file calls it: pyarrow's names.
    package var name: String { self == .lz4Frame ? "lz4" : "zstd" }

    /// Arrow's CompressionType number in BodyCompression.codec.
    package var codecNumber: Int8 { self == .lz4Frame ? 0 : 1 }

    /// The batch's compression, nil when its buffers are stored as they are. Throws for a
    /// codec or method the host does not decode, saying how to rewrite the file.
    package static func of(_ batch: FlatTable, source: ArrowIPCSource, at offset: Int) throws -> ArrowIPCCompression? {
        guard let compression = try batch.table(ArrowIPC.RecordBatch.compression) else { return nil }
        let method = try compression.scalar(ArrowIPC.BodyCompression.method, default: Int8(0))
        guard method == 0 else {
            throw ArrowError.unsupportedFeature(source.path, at: offset, "the batch is compressed with body compression method \(method), which Arrow had not defined when Sluice was written; \(rewrite)")
        }
        let codec = try compression.scalar(ArrowIPC.BodyCompression.codec, default: Int8(0))
        guard let found = allCases.first(where: { $0.codecNumber == codec }) else {
            throw ArrowError.unsupportedFeature(source.path, at: offset, "the batch's buffers use compression codec \(codec), which Arrow does not define; \(rewrite)")
        }
        return found
    }

    private static let rewrite = "write the file again with LZ4, ZSTD or without compression, e.g. pyarrow.feather.write_feather(table, path, compression=\"lz4\") or compression=\"uncompressed\""

    package var codec: BufferCodec { self == .lz4Frame ? .lz4Frame : .zstd }

    /// The first four bytes of every frame (little-endian): checked here so that data
    /// of another format is named as such, not as damage somewhere inside.
    private var magic: UInt32 { self == .lz4Frame ? 0x184D_2204 : 0xFD2F_B528 }

    /// The codec's own frame, or a skippable frame (0x184D2A50–5F in both formats).
    private static func startsFrame(_ word: UInt32, magic: UInt32) -> Bool {
        word == magic || word & 0xFFFF_FFF0 == 0x184D_2A50
    }

    /// One body buffer as the file stores it: the int64 uncompressed length, then one
    /// frame; or -1, then the bytes as they are, when compressing would not make them
    /// smaller (random floats, tiny buffers), so that reading them costs no decoding.
    package func encode(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        let compressed = codec.compress(bytes)
        var encoded: [UInt8] = []
        if compressed.count < bytes.count {
            encoded.reserveCapacity(8 + compressed.count)
            encoded.appendLittleEndian(Int64(bytes.count))
            encoded += compressed
        } else {
            encoded.reserveCapacity(8 + bytes.count)
            encoded.appendLittleEndian(Int64(-1))
            encoded += bytes
        }
        return encoded
    }

    /// The BodyCompression table of a record batch written with this codec.
    package var bodyCompression: FlatTableValue {
        FlatTableValue([
            (ArrowIPC.BodyCompression.codec, .uint8(UInt8(bitPattern: codecNumber))),
            (ArrowIPC.BodyCompression.method, .uint8(0)),  // BUFFER: each buffer on its own.
        ])
    }

    /// The buffer at file offset `start`, `length` bytes long, decompressed into new
    /// storage (or, when stored uncompressed, a view past its length prefix).
    package func buffer(_ source: ArrowIPCSource, start: Int, length: Int, column: String) throws -> ArrowBuffer {
        // Absent buffers (e.g. the validity of a column without nulls) have no prefix.
        if length == 0 { return ArrowBuffer(storage: source.storage, offset: start, count: 0) }
        guard length >= 8 else {
            throw source.corrupt(start, "a compressed buffer of column '\(column)' is \(length) bytes, too short for its 8-byte length prefix")
        }
        let declared = source.load(Int64.self, at: start)
        if declared == -1 { return ArrowBuffer(storage: source.storage, offset: start + 8, count: length - 8) }
        guard declared >= 0, declared / Int64(codec.maximumRatio) <= Int64(length) else {
            throw source.corrupt(start, "a compressed buffer of column '\(column)' declares an uncompressed length of \(declared) bytes from \(length - 8) compressed bytes")
        }
        let storage = ArrowStorage(allocating: Int(declared))
        let compressed = UnsafeRawBufferPointer(start: source.storage.baseAddress + start + 8, count: length - 8)
        guard compressed.count >= 4, Self.startsFrame(UInt32(littleEndian: compressed.loadUnaligned(as: UInt32.self)), magic: magic) else {
            throw source.corrupt(start + 8, "a buffer of column '\(column)' is not valid \(codec) data: not \(self == .lz4Frame ? "an" : "a") \(codec) frame (it does not start with the \(codec) magic number)")
        }
        do {
            try withExtendedLifetime(source.storage) { () throws(CompressionError) in
                try codec.decompress(compressed, into: UnsafeMutableRawBufferPointer(start: storage.baseAddress, count: storage.count))
            }
        } catch {
            // The libraries do not say where in the frame the damage is: the buffer's start.
            throw source.corrupt(start + 8, "a buffer of column '\(column)' cannot be decompressed: \(error.message)")
        }
        return ArrowBuffer(storage: storage)
    }
}
