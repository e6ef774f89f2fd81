@testable import SluiceArrow
import Testing

/// The LZ4 frame decoder behind compressed Arrow IPC buffers: what it accepts, and
/// that damaged input ends in an `DecompressionProblem` at the right byte, never in a trap.
@Suite struct LZ4FrameDecoderTests {
    /// Decodes `frame` into exactly `length` bytes.
    static func decode(_ frame: [UInt8], length: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: length)
        try frame.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { out in try LZ4FrameDecoder.decode(input, into: out) }
        }
        return output
    }

    /// What decoding finds wrong, nil when it succeeds; any other error fails the test.
    static func problem(_ frame: [UInt8], length: Int) -> DecompressionProblem? {
        do {
            _ = try decode(frame, length: length)
            return nil
        } catch let problem as DecompressionProblem {
            return problem
        } catch {
            Issue.record("not an DecompressionProblem: \(error)")
            return nil
        }
    }

    /// A frame around `blocks` (each compressed, or stored when `stored`), with the
    /// flags given (default: version 1, independent blocks, 64 KiB blocks).
    static func frame(_ blocks: [(bytes: [UInt8], stored: Bool)], flags: UInt8 = 0x60, contentSize: UInt64? = nil,
                      blockChecksums: Bool = false, contentChecksumOf content: [UInt8]? = nil) -> [UInt8] {
        var flags = flags
        if contentSize != nil { flags |= 0x08 }
        if blockChecksums { flags |= 0x10 }
        if content != nil { flags |= 0x04 }
        var descriptor: [UInt8] = [flags, 0x40]
        if let contentSize { descriptor += littleEndian(contentSize) }
        var bytes: [UInt8] = [0x04, 0x22, 0x4D, 0x18] + descriptor
        bytes.append(UInt8(truncatingIfNeeded: hash(descriptor) >> 8))
        for block in blocks {
            bytes += littleEndian(UInt32(block.bytes.count) | (block.stored ? 0x8000_0000 : 0))
            bytes += block.bytes
            if blockChecksums { bytes += littleEndian(hash(block.bytes)) }
        }
        bytes += [0, 0, 0, 0]
        if let content { bytes += littleEndian(hash(content)) }
        return bytes
    }

    static func hash(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { XXHash32.hash($0) } }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    /// "abc", then a match 3 back of 12 bytes (overlapping itself), then "x".
    static let abcBlock: [UInt8] = [0x38, 0x61, 0x62, 0x63, 0x03, 0x00, 0x10, 0x78]
    static let abcText = Array("abcabcabcabcabcx".utf8)

    @Test func xxHash32MatchesItsPublishedValues() {
        #expect(Self.hash([]) == 0x02CC_5D05)
        #expect(Self.hash(Array("abc".utf8)) == 0x32D1_53FF)
        #expect(Self.hash(Array("Nobody inspects the spammish repetition".utf8)) == 0xE229_3B2F)
        // The header checksum byte of the lz4 tool's default frame descriptor (64 40 A7).
        #expect(UInt8(truncatingIfNeeded: Self.hash([0x64, 0x40]) >> 8) == 0xA7)
    }

    @Test func literalsAndOverlappingMatchesDecode() throws {
        #expect(try Self.decode(Self.frame([(Self.abcBlock, false)]), length: 16) == Self.abcText)
        // One byte repeated: a match 1 back, its length continued in an extra byte (15 + 5 + 4).
        let run: [UInt8] = [0x1F, 0x61, 0x01, 0x00, 0x05, 0x00]
        #expect(try Self.decode(Self.frame([(run, false)]), length: 25) == [UInt8](repeating: 0x61, count: 25))
        // 300 literals: 15 + 255 + 30.
        let text = (0..<300).map { UInt8($0 % 251) }
        #expect(try Self.decode(Self.frame([([0xF0, 255, 30] + text, false)]), length: 300) == text)
    }

    @Test func storedBlocksSkippableFramesAndChecksumsAreRead() throws {
        let stored = Self.frame([(Array("hello ".utf8), true), (Self.abcBlock, false)], contentSize: 22,
                                blockChecksums: true, contentChecksumOf: Array("hello ".utf8) + Self.abcText)
        let skippable: [UInt8] = [0x5A, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 9, 9, 9]
        #expect(try Self.decode(skippable + stored, length: 22) == Array("hello ".utf8) + Self.abcText)
        // Two frames in a row decode one after the other.
        #expect(try Self.decode(Self.frame([(Self.abcBlock, false)]) + Self.frame([([0x10, 0x21], false)]), length: 17) == Self.abcText + [0x21])
    }

    @Test func linkedBlocksMayReferToEarlierBlocksAndIndependentOnesMayNot() throws {
        let second: [UInt8] = [0x00, 0x03, 0x00, 0x00]  // no literals, a 4-byte match 3 back, then an empty last sequence
        let linked = Self.frame([([0x30, 0x61, 0x62, 0x63], false), (second, false)], flags: 0x40)
        #expect(try Self.decode(linked, length: 7) == Array("abcabca".utf8))
        let independent = Self.frame([([0x30, 0x61, 0x62, 0x63], false), (second, false)])
        #expect(Self.problem(independent, length: 7)?.message.contains("before the start of the data") == true)
    }

    @Test func damagedFramesNameTheByte() {
        let good = Self.frame([(Self.abcBlock, false)])
        // The block starts at byte 11 (magic 4, descriptor 3, block size 4); its offset field at 15.
        var zeroOffset = good
        zeroOffset[15] = 0
        #expect(Self.problem(zeroOffset, length: 16) == DecompressionProblem(offset: 15, message: "a match refers 0 bytes back, before the start of the data (3 bytes decoded)"))
        var farOffset = good
        farOffset[15] = 9
        #expect(Self.problem(farOffset, length: 16)?.offset == 15)
        #expect(Self.problem(good, length: 15)?.message == "the data decompresses to more than the 15 bytes the buffer declares")
        #expect(Self.problem(good, length: 17)?.message == "the data decompresses to 16 bytes, but the buffer declares 17")
        var badMagic = good
        badMagic[0] = 0x05
        #expect(Self.problem(badMagic, length: 16)?.message.contains("not an LZ4 frame") == true)
        var badHeader = good
        badHeader[6] ^= 1
        #expect(Self.problem(badHeader, length: 16) == DecompressionProblem(offset: 6, message: "the LZ4 frame descriptor's checksum does not match"))
        var longLiterals = good
        longLiterals[11] = 0xF8  // 15 literals and more, in a block of 8 bytes
        #expect(Self.problem(longLiterals, length: 16)?.offset == 13)
        let checked = Self.frame([(Self.abcBlock, false)], blockChecksums: true, contentChecksumOf: Self.abcText)
        var badBlockChecksum = checked
        badBlockChecksum[19] ^= 0xFF
        #expect(Self.problem(badBlockChecksum, length: 16) == DecompressionProblem(offset: 11, message: "an LZ4 block's checksum does not match its bytes"))
        var badContentChecksum = checked
        badContentChecksum[badContentChecksum.count - 1] ^= 0xFF
        #expect(Self.problem(badContentChecksum, length: 16)?.message == "the decompressed data does not match the frame's content checksum")
        #expect(Self.problem(Self.frame([(Self.abcBlock, false)], contentSize: 15), length: 16)?.message
            == "the frame declares 15 bytes of content but holds 16")
    }

    @Test func everyTruncationAndEveryFlippedByteEndsInAProblemOrInData() {
        let frame = Self.frame([(Array("hello ".utf8), true), (Self.abcBlock, false), ([0xF0, 255, 30] + [UInt8](repeating: 7, count: 300), false)],
                               contentSize: 322, blockChecksums: true)
        #expect(Self.problem(frame, length: 322) == nil)
        for length in 0..<frame.count {
            #expect(Self.problem(Array(frame.prefix(length)), length: 322) != nil, "cut at \(length)")
        }
        for index in frame.indices {
            for bit in 0..<8 {
                var damaged = frame
                damaged[index] ^= 1 << UInt8(bit)
                _ = Self.problem(damaged, length: 322)  // must return, whatever it finds
            }
        }
    }
}
