import SluiceCompression
import Testing

/// Arrow's writers emit one plain frame per buffer, but the formats allow more, and a
/// file from another writer may use any of it.
@Suite("Every frame layout the formats allow decompresses")
struct FrameVariantsTests {
    private static let samples = [Sample.oneByte, .random, .repetitive, .tenMegabytes]

    @Test("LZ4 frames with content and block checksums and the content size")
    func lz4Checksums() throws {
        for sample in Self.samples {
            let bytes = sample.bytes
            let frame = Frames.lz4(bytes, contentChecksum: true, blockChecksum: true, contentSize: true)
            #expect(try BufferCodec.lz4Frame.decompress(frame, declared: bytes.count) == bytes, "\(sample)")
        }
    }

    @Test("LZ4 frames of independent 4 MiB blocks")
    func lz4LargeIndependentBlocks() throws {
        for sample in Self.samples {
            let bytes = sample.bytes
            let frame = Frames.lz4(bytes, independentBlocks: true, largeBlocks: true)
            #expect(try BufferCodec.lz4Frame.decompress(frame, declared: bytes.count) == bytes, "\(sample)")
        }
    }

    @Test("ZSTD frames with a content checksum, and without the content size")
    func zstdOptions() throws {
        for sample in Self.samples {
            let bytes = sample.bytes
            #expect(try BufferCodec.zstd.decompress(Frames.zstd(bytes, checksum: true), declared: bytes.count) == bytes, "\(sample)")
            #expect(try BufferCodec.zstd.decompress(Frames.zstd(bytes, contentSize: false), declared: bytes.count) == bytes, "\(sample)")
        }
    }

    @Test("frames one after another decompress to their contents one after another", arguments: BufferCodec.allCases)
    func concatenated(codec: BufferCodec) throws {
        let parts = [Sample.repetitive.bytes, Sample.oneByte.bytes, Sample.empty.bytes, Sample.random.bytes]
        let frames: [UInt8] = parts.flatMap { codec == .lz4Frame ? Frames.lz4($0, contentChecksum: true) : Frames.zstd($0, checksum: true) }
        #expect(try codec.decompress(frames, declared: parts.joined().count) == Array(parts.joined()))
        // And as Arrow's writer makes them.
        let plain = parts.flatMap { codec.compress($0) }
        #expect(try codec.decompress(plain, declared: parts.joined().count) == Array(parts.joined()))
    }

    @Test("skippable frames are skipped", arguments: BufferCodec.allCases)
    func skippable(codec: BufferCodec) throws {
        let bytes = Sample.repetitive.bytes
        let data = Frames.skippable(Array("metadata".utf8)) + codec.compress(bytes) + Frames.skippable([])
        #expect(try codec.decompress(data, declared: bytes.count) == bytes)
    }
}
