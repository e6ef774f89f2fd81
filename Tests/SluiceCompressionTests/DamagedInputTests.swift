import SluiceCompression
import Testing

/// Whatever the bytes, decompressing ends in the right bytes or a CompressionError: never
/// a trap, never a read past the input or a write past the output.
@Suite("Damaged input ends in a CompressionError")
struct DamagedInputTests {
    /// Part incompressible, part repetitive: frames with literals, matches and several blocks.
    private static let original = Array(Sample.random.bytes.prefix(70_000)) + Array(Sample.repetitive.bytes.prefix(70_000))

    /// The frames under test: as Arrow writes them, and with every check the format has.
    private static func frames(_ codec: BufferCodec) -> [(String, [UInt8])] {
        [("as Arrow writes it", codec.compress(original)), ("with every check", Frames.checked(codec, original))]
    }

    @Test("data cut short at any byte is truncated", arguments: BufferCodec.allCases)
    func truncated(codec: BufferCodec) throws {
        for (name, frame) in Self.frames(codec) {
            var misreported: [String] = []
            for length in 1..<frame.count {
                do {
                    _ = try codec.decompress(Array(frame.prefix(length)), declared: Self.original.count)
                    misreported.append("\(length): decoded")
                } catch let error as CompressionError {
                    if error.kind != .truncated { misreported.append("\(length): \(error)") }
                }
            }
            #expect(misreported.isEmpty, "\(name), \(frame.count) bytes, cut at \(Array(misreported.prefix(10)))")
        }
    }

    @Test("no byte flipped in a frame with checks yields wrong bytes", arguments: BufferCodec.allCases)
    func flippedChecked(codec: BufferCodec) throws {
        // Some bits change nothing that is decoded (ZSTD's unused header bit, padding
        // in a table description): those may decode, to the right bytes.
        let frame = Frames.checked(codec, Self.original)
        var wrong: [Int] = []
        for position in frame.indices {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = frame
                damaged[position] ^= mask
                if let output = try? codec.decompress(damaged, declared: Self.original.count), output != Self.original {
                    wrong.append(position)
                }
            }
        }
        #expect(wrong.isEmpty, "flips at \(Array(wrong.prefix(20))) of \(frame.count) decoded to wrong bytes unnoticed")
    }

    @Test("any byte flipped in a frame as Arrow writes it decodes to something or throws", arguments: BufferCodec.allCases)
    func flippedUnchecked(codec: BufferCodec) throws {
        // Without checksums a changed literal is undetectable, so the promise is only:
        // no trap, no stray access, and a result of exactly the declared length.
        let frame = codec.compress(Self.original)
        var detected = 0
        for position in frame.indices {
            var damaged = frame
            damaged[position] ^= 0x5A
            do {
                let output = try codec.decompress(damaged, declared: Self.original.count)
                #expect(output.count == Self.original.count)
            } catch is CompressionError {
                detected += 1
            }
        }
        #expect(detected > 0)
    }

    @Test("a flipped magic number is corrupt", arguments: BufferCodec.allCases)
    func flippedMagic(codec: BufferCodec) throws {
        var frame = codec.compress(Self.original)
        frame[0] ^= 0xFF
        let error = #expect(throws: CompressionError.self) { try codec.decompress(frame, declared: Self.original.count) }
        #expect(error?.kind == .corrupt)
    }

    @Test("a declared length shorter or longer than the data is wrong-length", arguments: BufferCodec.allCases)
    func wrongLength(codec: BufferCodec) throws {
        let count = Self.original.count
        // With the content size in the header (ZSTD's default) and without (LZ4's), and with checks.
        let frames = Self.frames(codec) + [("the other way about content size", codec == .zstd ? Frames.zstd(Self.original, contentSize: false) : Frames.lz4(Self.original, contentSize: true))]
        for (name, frame) in frames {
            for declared in [0, 1, count / 2, count - 1, count + 1, count * 2] {
                let error = #expect(throws: CompressionError.self, "\(name), declared \(declared)") {
                    try codec.decompress(frame, declared: declared)
                }
                #expect(error?.kind == .wrongLength, "\(name), declared \(declared)")
            }
        }
        // Nothing declared as something.
        let empty = #expect(throws: CompressionError.self) { try codec.decompress(codec.compress([]), declared: 1) }
        #expect(empty?.kind == .wrongLength)
        let none = #expect(throws: CompressionError.self) { try codec.decompress([], declared: 1) }
        #expect(none?.kind == .wrongLength)
    }

    @Test("stray bytes after the last frame are corrupt", arguments: BufferCodec.allCases)
    func trailingBytes(codec: BufferCodec) throws {
        for junk in ["trailing junk", "!"] {
            let frame = codec.compress(Self.original) + Array(junk.utf8)
            let error = #expect(throws: CompressionError.self, "\(junk)") { try codec.decompress(frame, declared: Self.original.count) }
            // liblz4 waits for the rest of a header that one stray byte might begin.
            #expect(error?.kind == (codec == .lz4Frame && junk.count < 4 ? .truncated : .corrupt), "\(junk)")
        }
    }

    @Test("a second frame cut short is truncated", arguments: BufferCodec.allCases)
    func secondFrameCut(codec: BufferCodec) throws {
        let second = codec.compress(Self.original)
        let data = codec.compress(Self.original) + second.prefix(second.count / 2)
        let error = #expect(throws: CompressionError.self) { try codec.decompress(data, declared: Self.original.count * 2) }
        #expect(error?.kind == .truncated)
    }

    @Test("the other codec's frames are corrupt", arguments: BufferCodec.allCases)
    func otherCodec(codec: BufferCodec) throws {
        let other: BufferCodec = codec == .zstd ? .lz4Frame : .zstd
        let error = #expect(throws: CompressionError.self) { try codec.decompress(other.compress(Self.original), declared: Self.original.count) }
        #expect(error?.kind == .corrupt)
    }
}
