/// Decodes LZ4 frames (the LZ4 Frame Format, v1.6): what Arrow's LZ4_FRAME codec writes
/// for each compressed buffer. A frame is a magic number, a descriptor (flags, block
/// size, optional content size, a header checksum), blocks each prefixed by its size
/// (high bit: stored uncompressed), an end mark, and optional checksums. Skippable
/// frames are skipped; several frames in a row decode one after another.
package enum LZ4FrameDecoder {
    private static let magic: UInt32 = 0x184D_2204
    private static let skippableMagic: ClosedRange<UInt32> = 0x184D_2A50...0x184D_2A5F

    /// Decodes all of `input` into `output`, which must come out exactly full.
    package static func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(DecompressionProblem) {
        var reader = Reader(input: input)
        var written = 0
        while !reader.atEnd {
            let frameStart = reader.at
            let number = try reader.uint32("a frame's magic number")
            if skippableMagic.contains(number) {
                let size = Int(try reader.uint32("a skippable frame's size"))
                try reader.skip(size, "a skippable frame")
                continue
            }
            guard number == magic else {
                throw DecompressionProblem(offset: frameStart, message: "not an LZ4 frame (magic number 0x\(String(number, radix: 16, uppercase: true)), expected 0x184D2204)")
            }
            try frame(&reader, output, &written)
        }
        guard written == output.count else {
            throw DecompressionProblem(offset: input.count, message: "the data decompresses to \(written) bytes, but the buffer declares \(output.count)")
        }
    }

    /// One frame after its magic number.
    private static func frame(_ reader: inout Reader, _ output: UnsafeMutableRawBufferPointer, _ written: inout Int) throws(DecompressionProblem) {
        let descriptorStart = reader.at
        let flags = try reader.byte("the frame descriptor")
        let blockDescriptor = try reader.byte("the frame descriptor")
        guard flags >> 6 == 1 else {
            throw DecompressionProblem(offset: descriptorStart, message: "LZ4 frame version \(flags >> 6), only version 1 exists")
        }
        guard flags & 0x02 == 0, blockDescriptor & 0x8F == 0, (4...7).contains(blockDescriptor >> 4) else {
            throw DecompressionProblem(offset: descriptorStart, message: "the LZ4 frame descriptor has reserved bits set or an unknown block size")
        }
        let independentBlocks = flags & 0x20 != 0
        let blockChecksums = flags & 0x10 != 0
        let hasContentSize = flags & 0x08 != 0
        let contentChecksum = flags & 0x04 != 0
        var contentSize: UInt64?
        if hasContentSize { contentSize = try reader.uint64("the frame's content size") }
        if flags & 0x01 != 0 {
            throw DecompressionProblem(offset: descriptorStart, message: "the LZ4 frame needs a dictionary, which Arrow never uses")
        }
        let descriptor = reader.bytes(from: descriptorStart)
        let headerChecksum = try reader.byte("the frame descriptor's checksum")
        guard UInt8(truncatingIfNeeded: XXHash32.hash(descriptor) >> 8) == headerChecksum else {
            throw DecompressionProblem(offset: reader.at - 1, message: "the LZ4 frame descriptor's checksum does not match")
        }

        let frameOutput = written
        while true {
            let sizeAt = reader.at
            let word = try reader.uint32("a block size")
            if word == 0 { break }  // the end mark
            let size = Int(word & 0x7FFF_FFFF)
            let blockStart = reader.at
            let block = try reader.take(size, "a block of \(size) bytes")
            if word & 0x8000_0000 != 0 {
                guard size <= output.count - written else {
                    throw DecompressionProblem(offset: sizeAt, message: "the data decompresses to more than the \(output.count) bytes the buffer declares")
                }
                if size > 0 { (output.baseAddress! + written).copyMemory(from: block.baseAddress!, byteCount: size) }
                written += size
            } else {
                let decoder = LZ4BlockDecoder(input: block, inputOffset: blockStart, output: output,
                                              windowStart: independentBlocks ? written : frameOutput)
                try decoder.decode(at: &written)
            }
            if blockChecksums {
                let expected = try reader.uint32("a block checksum")
                guard XXHash32.hash(block) == expected else {
                    throw DecompressionProblem(offset: blockStart, message: "an LZ4 block's checksum does not match its bytes")
                }
            }
        }
        if contentChecksum {
            let checksumAt = reader.at
            let expected = try reader.uint32("the content checksum")
            let content = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(output)[frameOutput..<written])
            guard XXHash32.hash(content) == expected else {
                throw DecompressionProblem(offset: checksumAt, message: "the decompressed data does not match the frame's content checksum")
            }
        }
        if let contentSize, contentSize != UInt64(written - frameOutput) {
            throw DecompressionProblem(offset: descriptorStart, message: "the frame declares \(contentSize) bytes of content but holds \(written - frameOutput)")
        }
    }

    /// Reads the input front to back; every read is checked against its end.
    private struct Reader {
        package let input: UnsafeRawBufferPointer
        package var at = 0

        package var atEnd: Bool { at >= input.count }

        package mutating func take(_ count: Int, _ what: String) throws(DecompressionProblem) -> UnsafeRawBufferPointer {
            guard count <= input.count - at else {
                throw DecompressionProblem(offset: at, message: "the LZ4 data ends inside \(what) (\(input.count - at) of \(count) bytes there)")
            }
            defer { at += count }
            return UnsafeRawBufferPointer(rebasing: input[at..<at + count])
        }

        package mutating func skip(_ count: Int, _ what: String) throws(DecompressionProblem) { _ = try take(count, what) }

        package mutating func byte(_ what: String) throws(DecompressionProblem) -> UInt8 { try take(1, what)[0] }

        package mutating func uint32(_ what: String) throws(DecompressionProblem) -> UInt32 {
            UInt32(littleEndian: try take(4, what).loadUnaligned(as: UInt32.self))
        }

        package mutating func uint64(_ what: String) throws(DecompressionProblem) -> UInt64 {
            UInt64(littleEndian: try take(8, what).loadUnaligned(as: UInt64.self))
        }

        package func bytes(from start: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: input[start..<at]) }
    }
}
