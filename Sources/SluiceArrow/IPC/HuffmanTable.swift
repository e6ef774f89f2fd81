/// ZSTD's Huffman coding of literals: a table read from weights, and the decoding of
/// one or four backward bitstreams with it.
package struct HuffmanTable {
    package struct Entry {
        package var symbol: UInt8
        package var bits: UInt8
    }
    package let maxBits: Int
    /// Indexed by the next `maxBits` bits of the stream.
    package let entries: [Entry]

    /// Reads a Huffman_Tree_Description at `bytes`; returns the table and the bytes it took.
    package static func read(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(DecompressionProblem) -> (HuffmanTable, Int) {
        guard let header = bytes.first else { throw DecompressionProblem(offset: offset, message: "a ZSTD Huffman table is missing") }
        var weights: [Int] = []
        var used: Int
        if header >= 128 {
            // Weights as 4-bit numbers, two per byte.
            let count = Int(header) - 127
            used = 1 + (count + 1) / 2
            guard used <= bytes.count else { throw DecompressionProblem(offset: offset, message: "a ZSTD Huffman table is cut off") }
            for index in 0..<count {
                let byte = bytes[1 + index / 2]
                weights.append(Int(index % 2 == 0 ? byte >> 4 : byte & 15))
            }
        } else {
            // Weights compressed with FSE: a table, then two interleaved states over one bitstream.
            used = 1 + Int(header)
            guard used <= bytes.count else { throw DecompressionProblem(offset: offset, message: "a ZSTD Huffman table is cut off") }
            let body = UnsafeRawBufferPointer(rebasing: bytes[1..<used])
            let (table, tableBytes) = try FSETable.read(body, at: offset + 1, maxSymbol: 15, maxAccuracy: 6)
            var stream = try BackwardBitReader(UnsafeRawBufferPointer(rebasing: body[tableBytes...]), at: offset + 1 + tableBytes)
            var states = (Int(stream.read(table.accuracyLog)), Int(stream.read(table.accuracyLog)))
            func decode(_ state: inout Int) -> Int {
                let entry = table.entries[state]
                state = Int(entry.baseline) + Int(stream.read(Int(entry.bits)))
                return Int(entry.symbol)
            }
            while weights.count < 255 {
                weights.append(decode(&states.0))
                if stream.overflowed { weights.append(Int(table.entries[states.1].symbol)); break }
                weights.append(decode(&states.1))
                if stream.overflowed { weights.append(Int(table.entries[states.0].symbol)); break }
            }
        }
        return (try HuffmanTable(weights: weights, at: offset), used)
    }

    /// The table for these weights; the last symbol's weight is implied (it completes a power of two).
    package init(weights: [Int], at offset: Int) throws(DecompressionProblem) {
        func problem(_ message: String) -> DecompressionProblem { DecompressionProblem(offset: offset, message: "a ZSTD Huffman table is invalid: \(message)") }
        guard weights.count < 256, weights.allSatisfy({ $0 <= 12 }) else { throw problem("weights out of range") }
        let total = weights.reduce(0) { $0 + ($1 > 0 ? 1 << ($1 - 1) : 0) }
        guard total > 0 else { throw problem("no symbol has a code") }
        let maxBits = Int.bitWidth - total.leadingZeroBitCount  // the next power of two's exponent
        guard maxBits <= 11 else { throw problem("codes longer than 11 bits") }
        let left = (1 << maxBits) - total
        guard left > 0, left & (left - 1) == 0 else { throw problem("the weights do not complete a power of two") }
        let weights = weights + [Int.bitWidth - left.leadingZeroBitCount]  // log2(left) + 1
        // Codes go to symbols by increasing weight, then by symbol: each fills 2^(weight-1) entries.
        var entries = [Entry](repeating: Entry(symbol: 0, bits: 0), count: 1 << maxBits)
        var position = 0
        for weight in 1...max(1, maxBits) {
            for (symbol, w) in weights.enumerated() where w == weight {
                let span = 1 << (weight - 1)
                guard position + span <= entries.count else { throw problem("the codes overflow the table") }
                for index in position..<position + span { entries[index] = Entry(symbol: UInt8(symbol), bits: UInt8(maxBits + 1 - weight)) }
                position += span
            }
        }
        guard position == entries.count else { throw problem("the codes do not fill the table") }
        self.maxBits = maxBits
        self.entries = entries
    }

    /// Decodes `count` symbols from one stream into `output`, which must consume it exactly.
    package func decode(_ stream: UnsafeRawBufferPointer, at offset: Int, count: Int, into output: UnsafeMutablePointer<UInt8>) throws(DecompressionProblem) {
        var reader = try BackwardBitReader(stream, at: offset)
        for index in 0..<count {
            let entry = entries[Int(reader.peek(maxBits))]
            output[index] = entry.symbol
            reader.skip(Int(entry.bits))
        }
        guard reader.isEmpty else {
            throw DecompressionProblem(offset: offset, message: "a ZSTD Huffman stream does not end where its literals do")
        }
    }
}
