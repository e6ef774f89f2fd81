import SluiceCompression
import Testing

/// What a person reads: the codec, what is wrong, the library's own words, the stable code.
@Suite("A CompressionError says what is wrong, in the library's words")
struct ErrorMessageTests {
    private static let notCompressed = Array("id,name\n1,ada\n2,grace\n".utf8)

    @Test("bytes that are no frame")
    func notAFrame() throws {
        let zstd = #expect(throws: CompressionError.self) { try BufferCodec.zstd.decompress(Self.notCompressed, declared: 100) }
        #expect(zstd?.code == "compression.corrupt")
        #expect(zstd?.libraryError == "Unknown frame descriptor")
        #expect(zstd?.description == "the ZSTD data is damaged (libzstd: Unknown frame descriptor) [compression.corrupt]")

        let lz4 = #expect(throws: CompressionError.self) { try BufferCodec.lz4Frame.decompress(Self.notCompressed, declared: 100) }
        #expect(lz4?.code == "compression.corrupt")
        #expect(lz4?.libraryError == "ERROR_frameType_unknown")
        #expect(lz4?.description == "the LZ4 data is damaged (liblz4: ERROR_frameType_unknown) [compression.corrupt]")
    }

    @Test("a checksum that does not match")
    func checksum() throws {
        var frame = Frames.checked(.zstd, Sample.repetitive.bytes)
        frame[frame.count - 1] ^= 1
        let error = #expect(throws: CompressionError.self) { try BufferCodec.zstd.decompress(frame, declared: Sample.repetitive.bytes.count) }
        #expect(error?.description == "the ZSTD data is damaged (libzstd: Restored data doesn't match checksum) [compression.corrupt]")
    }

    @Test("data that is longer or shorter than declared")
    func lengths() throws {
        let bytes = Sample.repetitive.bytes
        let lz4 = BufferCodec.lz4Frame.compress(bytes)
        let short = #expect(throws: CompressionError.self) { try BufferCodec.lz4Frame.decompress(lz4, declared: bytes.count + 1) }
        #expect(short?.description == "the LZ4 data decompresses to 1048576 bytes, but the buffer declares 1048577 [compression.wrong-length]")
        #expect(short?.libraryError == nil)
        let long = #expect(throws: CompressionError.self) { try BufferCodec.zstd.decompress(BufferCodec.zstd.compress(bytes), declared: 1000) }
        #expect(long?.description == "the ZSTD data decompresses to more than the 1000 bytes the buffer declares (libzstd: Destination buffer is too small) [compression.wrong-length]")
    }

    @Test("data cut short")
    func cut() throws {
        let bytes = Sample.repetitive.bytes
        let lz4 = BufferCodec.lz4Frame.compress(bytes).dropLast(4)
        let error = #expect(throws: CompressionError.self) { try BufferCodec.lz4Frame.decompress(Array(lz4), declared: bytes.count) }
        #expect(error?.description == "the LZ4 data ends inside a frame, after 1048576 decompressed bytes [compression.truncated]")
        let zstd = BufferCodec.zstd.compress(bytes).dropLast(10)
        let zstdError = #expect(throws: CompressionError.self) { try BufferCodec.zstd.decompress(Array(zstd), declared: bytes.count) }
        #expect(zstdError?.description == "the ZSTD data ends inside a frame (libzstd: Src size is incorrect) [compression.truncated]")
    }

    @Test("bytes after the last frame")
    func stray() throws {
        let bytes = Sample.repetitive.bytes
        let data = BufferCodec.zstd.compress(bytes) + Array("junk!".utf8)
        let error = #expect(throws: CompressionError.self) { try BufferCodec.zstd.decompress(data, declared: bytes.count) }
        #expect(error?.description == "the ZSTD data has 5 stray bytes after its last frame (libzstd: Src size is incorrect) [compression.corrupt]")
    }
}
