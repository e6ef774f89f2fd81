import SluiceCompression
/// A batch's body compression (Arrow's BodyCompression, method BUFFER): each buffer is
/// an int64 little-endian uncompressed length, then the compressed bytes; a length of -1
/// means the bytes follow uncompressed (a writer's choice when compressing did not pay).
package enum ArrowIPCCompression {
    case lz4Frame, zstd

    /// The batch's compression, nil when its buffers are stored as they are. Throws for a
    /// codec or method the host does not decode, saying how to rewrite the file.
    package static func of(_ batch: FlatTable, source: ArrowIPCSource, at offset: Int) throws -> ArrowIPCCompression? {
        guard let compression = try batch.table(ArrowIPC.RecordBatch.compression) else { return nil }
        let method = try compression.scalar(ArrowIPC.BodyCompression.method, default: Int8(0))
        guard method == 0 else {
            throw ArrowError.unsupportedFeature(source.path, at: offset, "the batch is compressed with body compression method \(method), which Arrow had not defined when Sluice was written; \(rewrite)")
        }
        switch try compression.scalar(ArrowIPC.BodyCompression.codec, default: Int8(0)) {
        case 0: return .lz4Frame
        case 1: return .zstd
        case let codec:
            throw ArrowError.unsupportedFeature(source.path, at: offset, "the batch's buffers use compression codec \(codec), which Arrow does not define; \(rewrite)")
        }
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
