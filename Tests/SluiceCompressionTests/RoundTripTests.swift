import SluiceCompression
import Testing

@Suite("What BufferCodec compresses, it decompresses to the same bytes")
struct RoundTripTests {
    @Test("at the default level", arguments: BufferCodec.allCases, Sample.allCases)
    func defaultLevel(codec: BufferCodec, sample: Sample) throws {
        let bytes = sample.bytes
        let compressed = codec.compress(bytes)
        #expect(try codec.decompress(compressed, declared: bytes.count) == bytes)
    }

    @Test("at the fastest and the strongest levels", arguments: [
        (BufferCodec.lz4Frame, Int32(-10)), (.lz4Frame, 12), (.zstd, -7), (.zstd, 19),
    ])
    func otherLevels(codec: BufferCodec, level: Int32) throws {
        for sample in [Sample.oneByte, .random, .repetitive] {
            let bytes = sample.bytes
            #expect(try codec.decompress(codec.compress(bytes, level: level), declared: bytes.count) == bytes, "\(sample)")
        }
    }

    @Test("repetitive data shrinks, and within the codec's maximum ratio", arguments: BufferCodec.allCases)
    func ratio(codec: BufferCodec) throws {
        // Zeros compress as far as either codec can: the most a reader must allow.
        let zeros = [UInt8](repeating: 0, count: 10_000_000)
        let compressed = codec.compress(zeros)
        #expect(compressed.count * 100 < zeros.count)
        #expect(zeros.count / compressed.count <= codec.maximumRatio)
        #expect(try codec.decompress(compressed, declared: zeros.count) == zeros)
    }

    @Test("empty input is zero frames: it decompresses to zero bytes", arguments: BufferCodec.allCases)
    func noFrames(codec: BufferCodec) throws {
        #expect(try codec.decompress([], declared: 0) == [])
    }
}
