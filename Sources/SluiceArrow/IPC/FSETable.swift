/// A decoding table of Finite State Entropy (ZSTD's tANS coder): for each state, the
/// symbol it stands for and how to reach the next state (`baseline` + that many bits).
package struct FSETable {
    package struct Entry {
        package var symbol: UInt8
        package var bits: UInt8
        package var baseline: UInt16
    }
    package let accuracyLog: Int
    package let entries: [Entry]

    /// The table of normalized counts `counts` (-1 meaning "less than one") summing,
    /// with each -1 as 1, to `1 << accuracyLog`.
    package init(counts: [Int], accuracyLog: Int) {
        let size = 1 << accuracyLog
        var symbols = [UInt8](repeating: 0, count: size)
        var high = size - 1
        for (symbol, count) in counts.enumerated() where count == -1 {
            symbols[high] = UInt8(symbol)
            high -= 1
        }
        let step = (size >> 1) + (size >> 3) + 3
        var position = 0
        for (symbol, count) in counts.enumerated() where count > 0 {
            for _ in 0..<count {
                symbols[position] = UInt8(symbol)
                repeat { position = (position + step) & (size - 1) } while position > high
            }
        }
        var next = counts.map { $0 == -1 ? 1 : max($0, 0) }
        entries = symbols.map { symbol in
            let state = next[Int(symbol)]
            next[Int(symbol)] += 1
            let bits = accuracyLog - (Int.bitWidth - 1 - state.leadingZeroBitCount)
            // Counts that add up (checked when read) keep both in range; truncating only guards against a trap.
            return Entry(symbol: symbol, bits: UInt8(clamping: bits), baseline: UInt16(truncatingIfNeeded: (state << max(0, bits)) - size))
        }
        self.accuracyLog = accuracyLog
    }

    /// A table whose every state is `symbol` (ZSTD's RLE mode).
    package init(only symbol: UInt8) {
        accuracyLog = 0
        entries = [Entry(symbol: symbol, bits: 0, baseline: 0)]
    }

    /// Reads a table description (ZSTD's FSE_Table_Description) at `bytes`, for symbols
    /// up to `maxSymbol` and an accuracy of at most `maxAccuracy`; returns the table and
    /// the bytes it took.
    package static func read(_ bytes: UnsafeRawBufferPointer, at offset: Int, maxSymbol: Int, maxAccuracy: Int) throws(DecompressionProblem) -> (FSETable, Int) {
        var reader = ForwardBitReader(bytes)
        func problem(_ message: String) -> DecompressionProblem { DecompressionProblem(offset: offset + min(reader.position / 8, bytes.count), message: message) }
        guard let low = reader.read(4) else { throw problem("a ZSTD table description is cut off") }
        let accuracyLog = Int(low) + 5
        guard accuracyLog <= maxAccuracy else { throw problem("a ZSTD table has accuracy \(accuracyLog), more than the \(maxAccuracy) allowed") }
        var remaining = (1 << accuracyLog) + 1
        var threshold = 1 << accuracyLog
        var bitCount = accuracyLog + 1
        var counts: [Int] = []
        while remaining > 1 {
            guard counts.count <= maxSymbol else { throw problem("a ZSTD table describes more symbols than its alphabet has") }
            let maximum = 2 * threshold - 1 - remaining
            guard let peeked = reader.peek(bitCount) else { throw problem("a ZSTD table description is cut off") }
            var value: Int
            if Int(peeked) & (threshold - 1) < maximum {
                value = Int(peeked) & (threshold - 1)
                reader.skip(bitCount - 1)
            } else {
                value = Int(peeked) & (2 * threshold - 1)
                if value >= threshold { value -= maximum }
                reader.skip(bitCount)
            }
            let count = value - 1
            remaining -= abs(count)
            counts.append(count)
            if count == 0 {
                // Runs of zero counts are given by 2-bit repeat flags (3: another flag follows).
                while true {
                    guard let flag = reader.read(2) else { throw problem("a ZSTD table description is cut off") }
                    counts.append(contentsOf: repeatElement(0, count: Int(flag)))
                    if flag != 3 { break }
                }
            }
            while remaining < threshold && threshold > 1 {
                bitCount -= 1
                threshold >>= 1
            }
        }
        guard remaining == 1, counts.count <= maxSymbol + 1, reader.position <= bytes.count * 8 else { throw problem("a ZSTD table's counts do not add up") }
        return (FSETable(counts: counts, accuracyLog: accuracyLog), (reader.position + 7) / 8)
    }
}

/// Reads bits from the start of bytes, lowest bit first (ZSTD's table descriptions).
package struct ForwardBitReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    package init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The next `count` bits (at most 32) without consuming them; nil past the end.
    package func peek(_ count: Int) -> UInt64? {
        guard position + count <= bytes.count * 8 else {
            // A description's last field may be shorter than the peek: pad with zeros, as long as some bits remain.
            guard position < bytes.count * 8 else { return nil }
            return value(count)
        }
        return value(count)
    }

    private func value(_ count: Int) -> UInt64 {
        var result: UInt64 = 0
        for bit in 0..<count {
            let at = position + bit
            guard at < bytes.count * 8 else { break }
            result |= UInt64((bytes[at >> 3] >> UInt8(at & 7)) & 1) << UInt64(bit)
        }
        return result
    }

    package mutating func read(_ count: Int) -> UInt64? {
        guard position + count <= bytes.count * 8 else { return nil }
        defer { position += count }
        return value(count)
    }

    package mutating func skip(_ count: Int) { position += count }
}
