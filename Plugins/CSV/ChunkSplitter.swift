import Dispatch
import Synchronization

/// Splits the records of a CSV body into chunks that start at line breaks outside quotes.
///
/// With quoting on, the quote characters before each nominal split point are counted
/// (in parallel): when every quote in the file is well placed, a record boundary is a
/// line break after an even number of quotes. When a quote is misplaced, the chunk that
/// holds it fails to parse, and the reader then parses the whole file sequentially to
/// report it, so a wrong split never yields a wrong table.
enum ChunkSplitter {
    static func split(_ file: MappedFile, _ body: Range<Int>, quote: UInt8?, target: Int) -> [Range<Int>] {
        let count = max(2, (body.count + target - 1) / target)
        let nominal = (0...count).map { body.lowerBound + Int((Double(body.count) * Double($0) / Double(count)).rounded(.down)) }
        let base = file.base

        // Parity of the quotes before each nominal point.
        var parity = [Bool](repeating: false, count: count + 1)
        if let quote {
            let counts = Mutex([Int](repeating: 0, count: count))
            parallelFor(count) { index in
                let found = countQuotes(base, nominal[index]..<nominal[index + 1], quote: quote)
                file.release(nominal[index]..<nominal[index + 1])
                counts.withLock { $0[index] = found }
            }
            let perSegment = counts.withLock { $0 }
            var odd = false
            for index in 0..<count {
                parity[index] = odd
                odd = odd != (perSegment[index] % 2 == 1)
            }
        }

        var starts = [body.lowerBound]
        for index in 1..<count {
            var inQuotes = parity[index]
            var offset = max(nominal[index], starts.last!)
            var split: Int?
            while offset < body.upperBound {
                let byte = base[offset]
                if let quote, byte == quote {
                    inQuotes.toggle()
                } else if byte == 0x0A && !inQuotes {
                    split = offset + 1
                    break
                }
                offset += 1
            }
            if let split, split < body.upperBound, split > starts.last! { starts.append(split) }
        }
        starts.append(body.upperBound)
        return (0..<(starts.count - 1)).map { starts[$0]..<starts[$0 + 1] }
    }

    /// The number of `quote` bytes in `range`, eight bytes at a time.
    static func countQuotes(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, quote: UInt8) -> Int {
        var total = 0
        var offset = range.lowerBound
        let pattern = UInt64(quote) &* 0x0101_0101_0101_0101
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while offset + 8 <= range.upperBound {
            let x = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self) ^ pattern
            // High bit of each byte set where that byte of x is zero (exact, no carries across bytes).
            let zero = ~(((x & low7) &+ low7) | x | low7)
            total += zero.nonzeroBitCount
            offset += 8
        }
        while offset < range.upperBound {
            if base[offset] == quote { total += 1 }
            offset += 1
        }
        return total
    }
}
