#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Why a line of the prediction log cannot be read; the reader adds the file and line.
struct LogLineError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A scalar of the prediction log's columns: what a JSON list of values may hold.
enum LogValue {
    case null
    case number(Double)
    case string(String)
    case bool(Bool)
}

/// Reads JSON straight from a line's bytes, one value at a time, without building a
/// tree: the prediction log is read line by line into columns, and at 10⁵ rows a
/// general JSON decoder spends most of its time allocating dictionaries.
///
/// Strict where the log's format is strict (UTF-8, JSON grammar), so that a damaged
/// line is reported rather than read as something else.
struct JSONScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool {
        mutating get {
            skipSpace()
            return position >= bytes.count
        }
    }

    /// Reads an object, calling `member` with each key; `member` must read the value.
    mutating func object(_ member: (inout JSONScanner, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"), "an object")
        if try consume(UInt8(ascii: "}")) { return }
        repeat {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
            let key = try string()
            try expect(UInt8(ascii: ":"), "':' after the key \"\(key)\"")
            try member(&self, key)
        } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"), "',' or '}'")
    }

    /// Reads an array, calling `element` for each item; `element` must read it.
    mutating func array(_ element: (inout JSONScanner) throws -> Void) throws {
        try expect(UInt8(ascii: "["), "a list")
        if try consume(UInt8(ascii: "]")) { return }
        repeat { try element(&self) } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"), "',' or ']'")
    }

    /// A scalar value; a nested list or object is an error.
    mutating func scalar() throws -> LogValue {
        skipSpace()
        switch peek {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "["), UInt8(ascii: "{"): throw error("expected a single value, found a nested \(peek == UInt8(ascii: "[") ? "list" : "object")")
        default: return .number(try number())
        }
    }

    /// Reads and discards any value (fields this reader does not use).
    mutating func skipValue() throws {
        skipSpace()
        switch peek {
        case UInt8(ascii: "["): try array { try $0.skipValue() }
        case UInt8(ascii: "{"): try object { scanner, _ in try scanner.skipValue() }
        default: _ = try scalar()
        }
    }

    /// A string value (with its escapes resolved).
    mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""), "a string")
        let start = position
        // Fast path: no escapes, the bytes are the string.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = Self.text(UnsafeBufferPointer(rebasing: bytes[start..<position]))
                position += 1
                guard let text else { throw error("a string is not valid UTF-8") }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("a string holds an unescaped control character") }
            position += 1
        }
        var utf8 = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &utf8)
            case 0..<0x20:
                throw error("a string holds an unescaped control character")
            default:
                utf8.append(byte)
            }
        }
        throw error("a string is not closed")
    }

    /// The bytes as a String, nil when they are not UTF-8. ASCII (names, ids, most
    /// categories) takes the specialised decoder; `String(validating:)` is generic and
    /// costs a metadata lookup per call, a fifth of the reader's time on ASCII logs.
    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        return ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    /// A number, in JSON's grammar.
    mutating func number() throws -> Double {
        skipSpace()
        let start = position
        var mantissa: UInt64 = 0
        var digits = 0          // significant digits in `mantissa`
        var exponent = 0        // decimal exponent applied to `mantissa`
        var exact = true        // whether mantissa and exponent hold the number exactly
        let negative = peek == UInt8(ascii: "-")
        if negative { position += 1 }

        func digit(_ byte: UInt8?) -> UInt64? {
            guard let byte, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            return UInt64(byte - UInt8(ascii: "0"))
        }
        func accumulate(_ value: UInt64) -> Bool {
            if digits < 19 {
                if mantissa > 0 || value > 0 { digits += 1 }
                mantissa = mantissa * 10 + value
                return true
            }
            exact = false
            return false
        }

        guard let first = digit(peek) else { throw error("expected a value, found \(describePeek)") }
        position += 1
        if first != 0 {
            _ = accumulate(first)
            while let value = digit(peek) {
                position += 1
                if !accumulate(value) { exponent += 1 }
            }
        } else if digit(peek) != nil {
            throw error("a number has a leading zero")
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard digit(peek) != nil else { throw error("a number has no digits after its decimal point") }
            while let value = digit(peek) {
                position += 1
                if accumulate(value) { exponent -= 1 }
            }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            var sign = 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") {
                sign = peek == UInt8(ascii: "-") ? -1 : 1
                position += 1
            }
            guard digit(peek) != nil else { throw error("a number's exponent has no digits") }
            var value = 0
            while let next = digit(peek) {
                position += 1
                value = min(value * 10 + Int(next), 100_000)  // far past any double; keeps it from overflowing
            }
            exponent += sign * value
        }
        // Exact fast path (Clinger): a mantissa below 2⁵³ and a power of ten a double
        // holds exactly give a correctly rounded result in one multiplication or
        // division. Anything else goes to the standard library's parser.
        if exact, mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
            let magnitude = exponent >= 0 ? Double(mantissa) * Self.powersOfTen[exponent] : Double(mantissa) / Self.powersOfTen[-exponent]
            return negative ? -magnitude : magnitude
        }
        // Most logged doubles have 16 or 17 digits (the shortest text that reads back),
        // past the fast path. strtod reads them in place, correctly rounded; it stops
        // at the byte after the number, which the grammar above found inside the buffer.
        if position < bytes.count, Self.strtodReadsDecimalPoints, let base = bytes.baseAddress {
            let first = UnsafeRawPointer(base + start).assumingMemoryBound(to: CChar.self)
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(first, &end)
            if let end, UnsafeRawPointer(end) - UnsafeRawPointer(base) == position { return value }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text) else { throw error("'\(text)' is not a number") }
        return value
    }

    /// strtod follows the C locale's decimal point, "." unless the process called
    /// setlocale; when it is not, numbers take the slower locale-independent path.
    private static let strtodReadsDecimalPoints: Bool = {
        guard let conventions = localeconv(), let point = conventions.pointee.decimal_point else { return false }
        return String(cString: point) == "."
    }()

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }  // every step exact up to 1e22
        return value
    }

    private mutating func escape(into utf8: inout [UInt8]) throws {
        guard position < bytes.count else { throw error("a string ends inside an escape") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                    throw error("a string holds an unpaired surrogate escape")
                }
                position += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("a string holds an unpaired surrogate escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("a string holds an unpaired surrogate escape") }
            utf8.append(contentsOf: String(Character(unicode)).utf8)
        default:
            throw error("a string holds the unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              UnsafeBufferPointer(rebasing: bytes[position..<position + count]).elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: count)) else {
            throw error("expected a value, found \(describePeek)")
        }
        position += count
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private var describePeek: String {
        guard let peek else { return "the end of the line" }
        return peek >= 0x20 && peek < 0x7F ? "'\(Character(Unicode.Scalar(peek)))'" : "byte \(peek)"
    }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0D, 0x0A: position += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipSpace()
        guard peek == byte else { throw error("expected \(what), found \(describePeek)") }
        position += 1
    }

    private mutating func consume(_ byte: UInt8) throws -> Bool {
        skipSpace()
        guard peek == byte else { return false }
        position += 1
        return true
    }

    private func error(_ message: String) -> LogLineError {
        LogLineError("\(message) (at byte \(position + 1))")
    }
}
