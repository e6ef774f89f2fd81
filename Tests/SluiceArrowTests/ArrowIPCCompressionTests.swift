import Foundation
@testable import SluiceArrow
@testable import SluiceSupport
import SluiceTestSupport
import SluiceCompression
import Testing

/// LZ4-compressed files written by pyarrow, changed in the ways a writer may choose
/// (buffers left uncompressed) or damage may (bytes flipped, lengths wrong). Like the
/// other interop tests these fail, not skip, without pyarrow.
@Suite struct ArrowIPCCompressionTests {
    static let path = "/data/compressed.arrow"

    /// The bytes of `write_ipc.py KIND` and what pyarrow read from them.
    static func pythonFile(_ kind: String) throws -> (bytes: [UInt8], described: String) {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let described = try Python.run("write_ipc.py", [kind, folder.file("f.arrow")])
        return (try Array(Data(contentsOf: URL(fileURLWithPath: folder.file("f.arrow")))), described)
    }

    /// One buffer of a record batch: its Buffer struct's file position, and its bytes' range.
    struct Located {
        let structAt: Int
        let start: Int
        let length: Int
    }

    /// The record batches of a file or stream: where the message's bodyLength is stored,
    /// where its body starts, and its buffers.
    static func batches(_ bytes: [UInt8], file: Bool) throws -> [(bodyLengthAt: Int, bodyStart: Int, buffers: [Located])] {
        let source = ArrowIPCSource(storage: bytes.withUnsafeBytes { ArrowStorage(copying: $0) }, path: path)
        var offset = file ? 8 : 0
        var found: [(Int, Int, [Located])] = []
        while let message = try source.message(at: offset) {
            defer { offset = message.end }
            guard message.kind == .recordBatch else { continue }
            let metadata = message.start + 8  // pyarrow writes the 0xFFFFFFFF continuation marker
            let root = try FlatBufferReader(storage: source.storage, start: metadata, count: message.bodyStart - metadata, path: path, fileOffset: metadata).root()
            let bodyLengthAt = try #require(try root.fieldPosition(ArrowIPC.Message.bodyLength)) + metadata
            let vector = try #require(try message.header.vector(ArrowIPC.RecordBatch.buffers, elementSize: ArrowIPC.bufferSize))
            let buffers = (0..<vector.count).map { index in
                let at = message.header.buffer.start + vector.position(index)
                return Located(structAt: at, start: message.bodyStart + Int(source.load(Int64.self, at: at)), length: Int(source.load(Int64.self, at: at + 8)))
            }
            found.append((bodyLengthAt, message.bodyStart, buffers))
        }
        return found
    }

    static func read(_ bytes: [UInt8], file: Bool) throws -> ArrowTable {
        let storage = bytes.withUnsafeBytes { ArrowStorage(copying: $0) }
        let table = file ? try ArrowIPCFileReader.decode(storage, path: path) : try ArrowIPCStreamReader.decode(storage, path: path)
        for field in table.schema.fields { _ = table.values(field.name) }
        return table
    }

    static func store<T: FixedWidthInteger>(_ value: T, at offset: Int, in bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<offset + MemoryLayout<T>.size, with: $0) }
    }

    @Test func buffersStoredBehindALengthOfMinusOneAreReadAsTheyAre() throws {
        // pyarrow compresses every buffer; rewrite its stream so every other one is stored
        // as Arrow allows when compressing does not pay: length -1, then the plain bytes.
        let (original, _) = try Self.pythonFile("lz4-stream")
        let expected = try Self.read(original, file: false)
        let batch = try #require(try Self.batches(original, file: false).first)
        var body: [UInt8] = []
        var bytes = original
        for (index, buffer) in batch.buffers.enumerated() {
            var stored = Array(original[buffer.start..<buffer.start + buffer.length])
            if index % 2 == 1, buffer.length > 0 {
                var plain = [UInt8](repeating: 0, count: Int(Self.littleEndianInt64(stored)))
                try Array(stored[8...]).withUnsafeBytes { input in
                    try plain.withUnsafeMutableBytes { output in try BufferCodec.lz4Frame.decompress(input, into: output) }
                }
                stored = withUnsafeBytes(of: Int64(-1).littleEndian, Array.init) + plain
            }
            Self.store(Int64(body.count), at: buffer.structAt, in: &bytes)
            Self.store(Int64(stored.count), at: buffer.structAt + 8, in: &bytes)
            body += stored + [UInt8](repeating: 0, count: (8 - stored.count % 8) % 8)
        }
        let oldEnd = batch.bodyStart + Int(Self.littleEndianInt64(Array(original[batch.bodyLengthAt..<batch.bodyLengthAt + 8])))
        Self.store(Int64(body.count), at: batch.bodyLengthAt, in: &bytes)
        bytes = Array(bytes[..<batch.bodyStart]) + body + Array(original[oldEnd...])

        let table = try Self.read(bytes, file: false)

        #expect(table.schema.fields.map(\.name) == expected.schema.fields.map(\.name))
        for field in expected.schema.fields {
            #expect(table.values(field.name) == expected.values(field.name), "column \(field.name)")
        }
    }

    static func littleEndianInt64(_ bytes: [UInt8]) -> Int64 {
        bytes.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
    }

    @Test func aBrokenLZ4FrameIsACorruptFileErrorAtItsByte() throws {
        let (original, _) = try Self.pythonFile("lz4")
        let buffer = try #require(try Self.batches(original, file: true).first?.buffers.first { $0.length > 8 })
        var bytes = original
        bytes[buffer.start + 8] ^= 0xFF  // the frame's magic number
        let error = #expect(throws: SluiceError.self) { try Self.read(bytes, file: true) }
        #expect(error?.code == .arrowCorrupt)
        #expect(error?.location == Self.path)
        #expect(error?.message.hasPrefix("at byte \(buffer.start + 8): a buffer of column 'f64' is not valid LZ4 data: not an LZ4 frame") == true)
    }

    @Test func anImpossibleUncompressedLengthIsRefusedBeforeAnythingIsAllocated() throws {
        let (original, _) = try Self.pythonFile("lz4")
        let buffer = try #require(try Self.batches(original, file: true).first?.buffers.first { $0.length > 8 })
        var bytes = original
        Self.store(Int64(1) << 50, at: buffer.start, in: &bytes)
        let error = #expect(throws: SluiceError.self) { try Self.read(bytes, file: true) }
        #expect(error?.code == .arrowCorrupt)
        #expect(error?.message.contains("at byte \(buffer.start): a compressed buffer of column 'f64' declares an uncompressed length of 1125899906842624 bytes") == true)
    }

    @Test func anUnknownCodecIsRefusedNamingItAndHowToRewriteTheFile() throws {
        let (original, _) = try Self.pythonFile("zstd")
        let storage = original.withUnsafeBytes { ArrowStorage(copying: $0) }
        let source = ArrowIPCSource(storage: storage, path: Self.path)
        var offset = 8
        var codecAt: Int?
        while codecAt == nil, let message = try source.message(at: offset) {
            offset = message.end
            guard message.kind == .recordBatch, let compression = try message.header.table(ArrowIPC.RecordBatch.compression) else { continue }
            codecAt = try compression.fieldPosition(ArrowIPC.BodyCompression.codec).map { $0 + compression.buffer.start }
        }
        var bytes = original
        bytes[try #require(codecAt)] = 7
        let error = #expect(throws: SluiceError.self) { try Self.read(bytes, file: true) }
        #expect(error?.code == .arrowUnsupportedFeature)
        #expect(error?.message.contains("compression codec 7, which Arrow does not define") == true)
        #expect(error?.message.contains("compression=\"uncompressed\"") == true)
    }

    @Test func aBrokenZSTDFrameIsACorruptFileErrorAtItsByte() throws {
        let (original, _) = try Self.pythonFile("zstd")
        let buffer = try #require(try Self.batches(original, file: true).first?.buffers.first { $0.length > 8 })
        var bytes = original
        bytes[buffer.start + 8] ^= 0xFF  // the frame's magic number
        let error = #expect(throws: SluiceError.self) { try Self.read(bytes, file: true) }
        #expect(error?.code == .arrowCorrupt)
        #expect(error?.message.hasPrefix("at byte \(buffer.start + 8): a buffer of column 'f64' is not valid ZSTD data: not a ZSTD frame") == true)
    }

    @Test(arguments: ["lz4", "zstd"])
    func flippingAnyByteOfACompressedBatchGivesAnErrorOrData(kind: String) throws {
        let (original, _) = try Self.pythonFile(kind)
        let batch = try #require(try Self.batches(original, file: true).first)
        let end = batch.buffers.map { $0.start + $0.length }.max() ?? batch.bodyStart
        for index in batch.bodyStart..<end {
            var bytes = original
            bytes[index] ^= 0xA5
            do {
                _ = try Self.read(bytes, file: true)
            } catch let error as SluiceError {
                #expect(error.code.id.hasPrefix("arrow."), "byte \(index): \(error)")
            }
        }
    }
}
