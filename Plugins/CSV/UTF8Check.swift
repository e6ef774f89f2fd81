/// Finds the first byte that breaks UTF-8 (overlong forms, surrogates and values past
/// U+10FFFF included), so an error can name its offset in the file.
enum UTF8Check {
    /// The index of the first invalid byte, or nil when `bytes` is valid UTF-8.
    @inline(__always)
    static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        // ASCII, eight bytes at a time.
        var index = 0
        let count = bytes.count
        while index + 8 <= count {
            if UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        while index < count && base[index] < 0x80 { index += 1 }
        return index == count ? nil : slow(base, count, from: index)
    }

    private static func slow(_ base: UnsafePointer<UInt8>, _ count: Int, from start: Int) -> Int? {
        var index = start
        while index < count {
            let lead = base[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + length <= count else { return index + 1 < count ? firstBadContinuation(base, count, index) : index }
            let second = base[index + 1]
            if second < low || second > high { return index + 1 }
            for offset in 2..<length where base[index + offset] & 0xC0 != 0x80 { return index + offset }
            index += length
        }
        return nil
    }

    /// For a sequence cut short by the end of the value: the first byte that is not a
    /// continuation byte, or the lead byte when all that remain are.
    private static func firstBadContinuation(_ base: UnsafePointer<UInt8>, _ count: Int, _ lead: Int) -> Int {
        for index in (lead + 1)..<count where base[index] & 0xC0 != 0x80 { return index }
        return lead
    }
}
