/// Decodes ZSTD frames (RFC 8878): what Arrow's ZSTD codec writes for each compressed
/// buffer. A frame is a magic number, a header, blocks (stored, one byte repeated, or
/// compressed: Huffman-coded literals and FSE-coded sequences), and an optional
/// checksum. Every length, offset and table is checked before use, so damaged data
/// ends in a `DecompressionProblem`, never in a trap.
package enum ZSTDFrameDecoder {
    private static let magic: UInt32 = 0xFD2F_B528

    /// Decodes all of `input` into `output`, which must come out exactly full.
    package static func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(DecompressionProblem) {
        var at = 0
        var written = 0
        func need(_ count: Int, _ what: String) throws(DecompressionProblem) {
            guard count <= input.count - at else {
                throw DecompressionProblem(offset: at, message: "the ZSTD data ends inside \(what)")
            }
        }
        func uint32(_ offset: Int) -> UInt32 { UInt32(littleEndian: input.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        while at < input.count {
            try need(4, "a frame's magic number")
            let number = uint32(at)
            if number & 0xFFFF_FFF0 == 0x184D_2A50 {
                try need(8, "a skippable frame")
                let size = Int(uint32(at + 4))
                at += 8
                try need(size, "a skippable frame")
                at += size
                continue
            }
            guard number == magic else {
                throw DecompressionProblem(offset: at, message: "not a ZSTD frame (magic number 0x\(String(number, radix: 16, uppercase: true)), expected 0xFD2FB528)")
            }
            at += 4
            var frame = ZSTDFrame(input: input, output: output, start: written)
            try frame.decode(at: &at)
            written = frame.written
        }
        guard written == output.count else {
            throw DecompressionProblem(offset: input.count, message: "the data decompresses to \(written) bytes, but the buffer declares \(output.count)")
        }
    }
}

/// One frame being decoded: the state that carries from block to block.
package struct ZSTDFrame {
    package let input: UnsafeRawBufferPointer
    package let output: UnsafeMutableRawBufferPointer
    package let start: Int
    package var written: Int
    package var repeatOffsets = (1, 4, 8)
    package var huffman: HuffmanTable?
    package var literalLengths: FSETable?
    package var offsets: FSETable?
    package var matchLengths: FSETable?
    /// Literals of the current block (regenerated into here before the sequences run).
    package var literals: [UInt8] = []

    package init(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer, start: Int) {
        self.input = input
        self.output = output
        self.start = start
        written = start
    }

    package func problem(_ offset: Int, _ message: String) -> DecompressionProblem { DecompressionProblem(offset: offset, message: message) }

    package mutating func decode(at: inout Int) throws(DecompressionProblem) {
        let headerAt = at
        guard at < input.count else { throw problem(at, "the ZSTD data ends inside a frame header") }
        let descriptor = input[at]
        at += 1
        guard descriptor & 0x08 == 0 else { throw problem(headerAt, "a ZSTD frame header has its reserved bit set") }
        let singleSegment = descriptor & 0x20 != 0
        let checksum = descriptor & 0x04 != 0
        let dictionaryBytes = [0, 1, 2, 4][Int(descriptor & 3)]
        let sizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][Int(descriptor >> 6)]
        let headerBytes = (singleSegment ? 0 : 1) + dictionaryBytes + sizeBytes
        guard headerBytes <= input.count - at else { throw problem(headerAt, "the ZSTD data ends inside a frame header") }
        at += singleSegment ? 0 : 1
        var dictionary: UInt64 = 0
        for index in 0..<dictionaryBytes { dictionary |= UInt64(input[at + index]) << UInt64(8 * index) }
        at += dictionaryBytes
        if dictionary != 0 { throw problem(headerAt, "the ZSTD frame needs dictionary \(dictionary), which Arrow never uses") }
        var contentSize: UInt64?
        if sizeBytes > 0 {
            var value: UInt64 = 0
            for index in 0..<sizeBytes { value |= UInt64(input[at + index]) << UInt64(8 * index) }
            contentSize = sizeBytes == 2 ? value + 256 : value
            at += sizeBytes
        }

        while true {
            guard 3 <= input.count - at else { throw problem(at, "the ZSTD data ends inside a block header") }
            let header = Int(input[at]) | Int(input[at + 1]) << 8 | Int(input[at + 2]) << 16
            let blockAt = at
            at += 3
            let last = header & 1 != 0
            let size = header >> 3
            switch (header >> 1) & 3 {
            case 0:  // stored
                guard size <= input.count - at else { throw problem(blockAt, "the ZSTD data ends inside a block of \(size) bytes") }
                try reserve(size, blockAt)
                if size > 0 { (output.baseAddress! + written).copyMemory(from: input.baseAddress! + at, byteCount: size) }
                written += size
                at += size
            case 1:  // one byte, repeated
                guard at < input.count else { throw problem(blockAt, "the ZSTD data ends inside a block") }
                try reserve(size, blockAt)
                if size > 0 { (output.baseAddress! + written).initializeMemory(as: UInt8.self, repeating: input[at], count: size) }
                written += size
                at += 1
            case 2:
                guard size <= input.count - at else { throw problem(blockAt, "the ZSTD data ends inside a block of \(size) bytes") }
                try compressedBlock(at, size)
                at += size
            default:
                throw problem(blockAt, "a ZSTD block has the reserved block type 3")
            }
            if last { break }
        }
        if checksum {
            guard 4 <= input.count - at else { throw problem(at, "the ZSTD data ends inside the content checksum") }
            let expected = UInt32(littleEndian: input.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            let content = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(output)[start..<written])
            guard UInt32(truncatingIfNeeded: XXHash64.hash(content)) == expected else {
                throw problem(at, "the decompressed data does not match the frame's content checksum")
            }
            at += 4
        }
        if let contentSize, contentSize != UInt64(written - start) {
            throw problem(headerAt, "the ZSTD frame declares \(contentSize) bytes of content but holds \(written - start)")
        }
    }

    private func reserve(_ count: Int, _ at: Int) throws(DecompressionProblem) {
        guard count <= output.count - written else {
            throw problem(at, "the data decompresses to more than the \(output.count) bytes the buffer declares")
        }
    }

    /// A compressed block: its literals section, then its sequences section.
    private mutating func compressedBlock(_ blockStart: Int, _ size: Int) throws(DecompressionProblem) {
        let block = UnsafeRawBufferPointer(rebasing: input[blockStart..<blockStart + size])
        let used = try readLiterals(block, at: blockStart)
        try sequences(UnsafeRawBufferPointer(rebasing: block[used...]), at: blockStart + used)
    }

    /// Regenerates the block's literals into `literals`; returns the bytes the section took.
    private mutating func readLiterals(_ block: UnsafeRawBufferPointer, at offset: Int) throws(DecompressionProblem) -> Int {
        func cut() -> DecompressionProblem { problem(offset, "a ZSTD literals section is cut off") }
        guard let first = block.first else { throw cut() }
        let type = Int(first & 3)
        let sizeFormat = Int(first >> 2) & 3
        func header(_ count: Int) throws(DecompressionProblem) -> Int {
            guard count <= block.count else { throw cut() }
            var value = 0
            for index in 0..<count { value |= Int(block[index]) << (8 * index) }
            return value
        }
        if type < 2 {
            let (headerSize, regenerated): (Int, Int) = switch sizeFormat {
            case 0, 2: (1, Int(first >> 3))
            case 1: (2, try header(2) >> 4)
            default: (3, try header(3) >> 4)
            }
            if type == 0 {
                guard regenerated <= block.count - headerSize else { throw cut() }
                literals = Array(block[headerSize..<headerSize + regenerated])
                return headerSize + regenerated
            }
            guard headerSize < block.count else { throw cut() }
            literals = [UInt8](repeating: block[headerSize], count: regenerated)
            return headerSize + 1
        }
        let (headerSize, bits, streams): (Int, Int, Int) = switch sizeFormat {
        case 0: (3, 10, 1)
        case 1: (3, 10, 4)
        case 2: (4, 14, 4)
        default: (5, 18, 4)
        }
        let value = try header(headerSize)
        let regenerated = (value >> 4) & ((1 << bits) - 1)
        let compressed = (value >> (4 + bits)) & ((1 << bits) - 1)
        guard compressed <= block.count - headerSize else { throw cut() }
        var data = UnsafeRawBufferPointer(rebasing: block[headerSize..<headerSize + compressed])
        var dataOffset = offset + headerSize
        if type == 2 {
            let (table, used) = try HuffmanTable.read(data, at: dataOffset)
            huffman = table
            data = UnsafeRawBufferPointer(rebasing: data[used...])
            dataOffset += used
        }
        guard let huffman else { throw problem(offset, "a ZSTD block reuses a Huffman table, but no earlier block had one") }
        var decoded = [UInt8](repeating: 0, count: regenerated)
        try decoded.withUnsafeMutableBufferPointer { (out) throws(DecompressionProblem) in
            guard regenerated > 0, let target = out.baseAddress else { return }
            if streams == 1 {
                try huffman.decode(data, at: dataOffset, count: regenerated, into: target)
                return
            }
            guard data.count >= 6 else { throw cut() }
            let sizes = (0..<3).map { Int(data[2 * $0]) | Int(data[2 * $0 + 1]) << 8 }
            let fourth = data.count - 6 - sizes.reduce(0, +)
            guard fourth >= 0 else { throw problem(dataOffset, "a ZSTD literals jump table points past its section") }
            let share = (regenerated + 3) / 4
            guard share * 3 <= regenerated else { throw problem(dataOffset, "too few ZSTD literals for four streams") }
            var streamStart = 6
            for (index, streamSize) in (sizes + [fourth]).enumerated() {
                let count = index < 3 ? share : regenerated - 3 * share
                let stream = UnsafeRawBufferPointer(rebasing: data[streamStart..<streamStart + streamSize])
                try huffman.decode(stream, at: dataOffset + streamStart, count: count, into: target + index * share)
                streamStart += streamSize
            }
        }
        literals = decoded
        return headerSize + compressed
    }
}
