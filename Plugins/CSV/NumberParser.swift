/// Parses numbers and booleans straight from bytes, without making strings.
///
/// Accepted forms (ASCII spaces around the value are ignored):
/// - integers: `[+-]digits` that fit in Int64;
/// - floats: `[+-]` digits with an optional `.` and fraction (`1.`, `.5`), an optional
///   exponent `e[+-]digits`, and `inf`, `infinity`, `nan` in any case, signed or not;
/// - booleans: `true` and `false` in any case.
///
/// Floats are correctly rounded: up to 19 significant digits and a power of ten within
/// ±22 (every value with 15 or so digits and a few decimals) are computed exactly with
/// one multiplication or division (Clinger's fast path); anything longer goes to the
/// standard library's correctly rounded, locale-independent conversion.
enum NumberParser {
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    @inline(__always)
    static func trimmed(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> (UnsafePointer<UInt8>, UnsafePointer<UInt8>) {
        var s = start, e = end
        while s < e && s.pointee == 0x20 { s += 1 }
        while e > s && (e - 1).pointee == 0x20 { e -= 1 }
        return (s, e)
    }

    /// An Int64 when the bytes are an integer that fits.
    @inline(__always)
    static func int64(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int64? {
        var (p, e) = (start, end)
        if p < e && (p.pointee == 0x20 || (e - 1).pointee == 0x20) { (p, e) = trimmed(p, e) }
        guard p < e else { return nil }
        var negative = false
        if p.pointee == UInt8(ascii: "-") { negative = true; p += 1 } else if p.pointee == UInt8(ascii: "+") { p += 1 }
        guard p < e else { return nil }
        var value: UInt64 = 0
        while p < e {
            let digit = UInt64(p.pointee &- 0x30)
            guard digit < 10 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = sum
            p += 1
        }
        if negative {
            guard value <= UInt64(Int64.max) + 1 else { return nil }
            return value == UInt64(Int64.max) + 1 ? Int64.min : -Int64(value)
        }
        guard value <= UInt64(Int64.max) else { return nil }
        return Int64(value)
    }

    /// A Double when the bytes are a number (see the accepted forms above).
    @inline(__always)
    static func double(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double? {
        var (p, e) = (start, end)
        if p < e && (p.pointee == 0x20 || (e - 1).pointee == 0x20) { (p, e) = trimmed(p, e) }
        guard p < e else { return nil }
        let numberStart = p
        var negative = false
        if p.pointee == UInt8(ascii: "-") { negative = true; p += 1 } else if p.pointee == UInt8(ascii: "+") { p += 1 }
        // The digit loops only accumulate (wrapping): digit counts come from the pointers,
        // and more than 19 digits, where the mantissa may have wrapped, take the slow path.
        var mantissa: UInt64 = 0
        let integerStart = p
        while p < e {
            let digit = p.pointee &- 0x30
            guard digit < 10 else { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            p += 1
        }
        var digits = p - integerStart
        var exponent = 0
        if p < e && p.pointee == UInt8(ascii: ".") {
            p += 1
            let fractionStart = p
            while p < e {
                let digit = p.pointee &- 0x30
                guard digit < 10 else { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                p += 1
            }
            exponent = fractionStart - p
            digits += p - fractionStart
        }
        let significant = digits <= 19 ? digits : significantDigits(integerStart, p)
        guard digits > 0 else { return special(p, e, negative: negative) }
        if p < e && (p.pointee | 0x20) == UInt8(ascii: "e") {
            p += 1
            var exponentNegative = false
            if p < e && p.pointee == UInt8(ascii: "-") { exponentNegative = true; p += 1 } else if p < e && p.pointee == UInt8(ascii: "+") { p += 1 }
            var value = 0
            var exponentDigits = 0
            while p < e {
                let digit = p.pointee &- 0x30
                guard digit < 10 else { break }
                if value < 100_000 { value = value * 10 + Int(digit) }
                exponentDigits += 1
                p += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += exponentNegative ? -value : value
        }
        guard p == e else { return nil }
        if significant <= 19 {
            if mantissa == 0 { return negative ? -0.0 : 0.0 }
            if mantissa <= 1 << 53 {
                var value = Double(mantissa)
                if exponent < 0 && exponent >= -22 {
                    value /= powersOfTen[-exponent]
                    return negative ? -value : value
                }
                if exponent >= 0 && exponent <= 22 {
                    value *= powersOfTen[exponent]
                    return negative ? -value : value
                }
                if exponent > 22 && exponent <= 22 + 15 {
                    // The mantissa times the first power may still be exact.
                    let (scaled, overflow) = mantissa.multipliedReportingOverflow(by: UInt64(powersOfTen[exponent - 22]))
                    if !overflow && scaled <= 1 << 53 {
                        value = Double(scaled) * 1e22
                        return negative ? -value : value
                    }
                }
            }
        }
        return slow(numberStart, e)
    }

    /// The digits of a long number after its leading zeros (and the point), e.g. 3 for
    /// "0.000123": only these count towards the 19 that fit the fast path exactly.
    private static func significantDigits(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int {
        var count = 0
        var leading = true
        for p in start..<end {
            let digit = p.pointee &- 0x30
            guard digit < 10 else { continue }
            if leading && digit == 0 { continue }
            leading = false
            count += 1
        }
        return count
    }

    /// The plain decimal number (`[+-]digits[.digits]`) that starts at `start`, and where
    /// it stops, reading no further than `end`: lets the parser read a numeric field in
    /// the same pass that finds its end. Nil for anything else (spaces, exponents, `inf`,
    /// no digits), which the field-at-a-time path then handles.
    @inline(__always)
    static func leadingDouble(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> (Double, UnsafePointer<UInt8>)? {
        var p = start
        guard p < end else { return nil }
        let negative = p.pointee == UInt8(ascii: "-")
        if negative || p.pointee == UInt8(ascii: "+") { p += 1 }
        var mantissa: UInt64 = 0
        let integerStart = p
        while p < end {
            let digit = p.pointee &- 0x30
            guard digit < 10 else { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            p += 1
        }
        var digits = p - integerStart
        var exponent = 0
        if p < end && p.pointee == UInt8(ascii: ".") {
            p += 1
            let fractionStart = p
            while p < end {
                let digit = p.pointee &- 0x30
                guard digit < 10 else { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                p += 1
            }
            exponent = fractionStart - p
            digits += p - fractionStart
        }
        guard digits > 0, digits <= 19, p == end || (p.pointee | 0x20) != UInt8(ascii: "e") else { return nil }
        if mantissa <= 1 << 53 && exponent >= -22 {
            // Exact operands, one correctly rounded operation (Clinger's fast path).
            var value = Double(mantissa)
            value = exponent < 0 ? value / powersOfTen[-exponent] : value
            return (negative ? -value : value, p)
        }
        return double(start, p).map { ($0, p) }
    }

    /// `inf`, `infinity` or `nan` (any case) after an optional sign.
    private static func special(_ p: UnsafePointer<UInt8>, _ e: UnsafePointer<UInt8>, negative: Bool) -> Double? {
        let length = e - p
        func lower(_ i: Int) -> UInt8 { p[i] | 0x20 }
        if length == 3 && lower(0) == UInt8(ascii: "i") && lower(1) == UInt8(ascii: "n") && lower(2) == UInt8(ascii: "f") {
            return negative ? -.infinity : .infinity
        }
        if length == 8 {
            let word = Array("infinity".utf8)
            if (0..<8).allSatisfy({ lower($0) == word[$0] }) { return negative ? -.infinity : .infinity }
        }
        if length == 3 && lower(0) == UInt8(ascii: "n") && lower(1) == UInt8(ascii: "a") && lower(2) == UInt8(ascii: "n") {
            return .nan
        }
        return nil
    }

    /// Long or extreme numbers, already checked to be decimal: the standard library's
    /// conversion (correctly rounded, independent of the C locale).
    private static func slow(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
        return Double(text)
    }

    /// A Bool when the bytes are `true` or `false` (any case).
    @inline(__always)
    static func bool(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool? {
        var (p, e) = (start, end)
        if p < e && (p.pointee == 0x20 || (e - 1).pointee == 0x20) { (p, e) = trimmed(p, e) }
        switch e - p {
        case 4:
            if p[0] | 0x20 == UInt8(ascii: "t") && p[1] | 0x20 == UInt8(ascii: "r") && p[2] | 0x20 == UInt8(ascii: "u") && p[3] | 0x20 == UInt8(ascii: "e") {
                return true
            }
        case 5:
            if p[0] | 0x20 == UInt8(ascii: "f") && p[1] | 0x20 == UInt8(ascii: "a") && p[2] | 0x20 == UInt8(ascii: "l")
                && p[3] | 0x20 == UInt8(ascii: "s") && p[4] | 0x20 == UInt8(ascii: "e") {
                return false
            }
        default:
            break
        }
        return nil
    }
}
