/// Recognises the texts that mean "missing" (`null_values`) without making strings:
/// most fields are rejected by their length or first byte alone.
struct NullMatcher: Sendable {
    private let values: [[UInt8]]
    /// Bit n set: some null text has length n (lengths up to 63).
    private let lengths: UInt64
    /// Null texts longer than 63 bytes, if any.
    private let hasLong: Bool
    /// Bit b set: some non-empty null text starts with byte b.
    private let firstBytes: (UInt64, UInt64, UInt64, UInt64)
    let matchesEmpty: Bool

    init(_ texts: [String]) {
        values = texts.map { Array($0.utf8) }
        var lengths: UInt64 = 0
        var hasLong = false
        var first: [UInt64] = [0, 0, 0, 0]
        for value in values {
            if value.count < 64 { lengths |= 1 << UInt64(value.count) } else { hasLong = true }
            if let byte = value.first { first[Int(byte >> 6)] |= 1 << UInt64(byte & 63) }
        }
        self.lengths = lengths
        self.hasLong = hasLong
        firstBytes = (first[0], first[1], first[2], first[3])
        matchesEmpty = values.contains { $0.isEmpty }
    }

    /// Whether the bytes are one of the null texts.
    @inline(__always)
    func matches(_ start: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if count == 0 { return matchesEmpty }
        if count < 64 {
            guard lengths & (1 << UInt64(count)) != 0 else { return false }
        } else if !hasLong {
            return false
        }
        let byte = start.pointee
        let word: UInt64
        switch byte >> 6 {
        case 0: word = firstBytes.0
        case 1: word = firstBytes.1
        case 2: word = firstBytes.2
        default: word = firstBytes.3
        }
        guard word & (1 << UInt64(byte & 63)) != 0 else { return false }
        return slowMatches(start, count)
    }

    private func slowMatches(_ start: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for value in values where value.count == count {
            if value.withUnsafeBufferPointer({ memcmp($0.baseAddress!, start, count) == 0 }) { return true }
        }
        return false
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
