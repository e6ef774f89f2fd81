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

    /// The most a codec can expand: LZ4 about 255-fold; ZSTD a 128 KiB block of one
    /// repeated byte from 4 bytes. A larger claim is damage, and must not become a huge allocation.
    private var maximumRatio: Int64 { self == .lz4Frame ? 255 : 32_768 }

    private var name: String { self == .lz4Frame ? "LZ4" : "ZSTD" }

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
        guard declared >= 0, declared / maximumRatio <= Int64(length) else {
            throw source.corrupt(start, "a compressed buffer of column '\(column)' declares an uncompressed length of \(declared) bytes from \(length - 8) compressed bytes")
        }
        let storage = ArrowStorage(allocating: Int(declared))
        let compressed = UnsafeRawBufferPointer(start: source.storage.baseAddress + start + 8, count: length - 8)
        do {
            try withExtendedLifetime(source.storage) {
                let output = UnsafeMutableRawBufferPointer(start: storage.baseAddress, count: storage.count)
                switch self {
                case .lz4Frame: try LZ4FrameDecoder.decode(compressed, into: output)
                case .zstd: try ZSTDFrameDecoder.decode(compressed, into: output)
                }
            }
        } catch let problem as DecompressionProblem {
            throw source.corrupt(start + 8 + problem.offset, "a buffer of column '\(column)' is not valid \(name) data: \(problem.message)")
        }
        return ArrowBuffer(storage: storage)
    }
}
