/// The JSON reader: a pull reader over the bytes of one JSON document (RFC 8259), for
/// decoding straight into columns with no intermediate tree and no dictionary per row.
/// `sluice serve` reads request bodies with it, the drift monitors the prediction log,
/// sluice.csv JSON Lines, and `JSONValue.parse` builds trees with it. It reads in place
/// from a buffer the caller keeps alive, and every error says where (byte offset) and
/// what was expected.
public struct JSONPullReader<Failure: JSONFailure> {
    private let bytes: UnsafeRawBufferPointer
    /// The offset of the next byte to read.
    public private(set) var position = 0
    /// Containers may nest this deep; deeper documents are refused, not recursed into.
    public static var maximumDepth: Int { 64 }

    /// A reader of `bytes`, which must stay alive while it reads.
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// One value that is not a container.
    public typealias Scalar = JSONScalar

    /// The next byte that is not white space, without consuming it; nil at the end.
    public mutating func peek() -> UInt8? {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return bytes[position]
            }
        }
        return nil
    }

    /// Consumes `byte` if it comes next (after white space).
    public mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    /// The caller's error for a syntax error here.
    public func error(_ message: String) -> Failure {
        Failure(JSONSyntaxError(offset: position, message: message))
    }

    /// Consumes `byte`, or fails saying `what` was expected and what was found.
    public mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        guard consume(byte) else { throw error("expected \(what)\(found)") }
    }

    private var found: String {
        guard position < bytes.count else { return ", found the end of the text" }
        let byte = bytes[position]
        return byte >= 0x20 && byte < 0x7F ? ", found '\(Character(Unicode.Scalar(byte)))'" : ""
    }

    /// Fails unless only white space is left.
    public mutating func expectEnd() throws(Failure) {
        guard peek() == nil else { throw error("unexpected text after the JSON value") }
    }

    /// What kind of value comes next, for messages: "an object", "a number"...
    public mutating func nextKind() -> String {
        switch peek() {
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "n"): "null"
        case nil: "nothing"
        default: "a number"
        }
    }

    // MARK: Containers

    /// Reads an object, calling `body` with each key; `body` must read the value.
    public mutating func readObject(_ body: (inout JSONPullReader, String) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "{"), "an object")
        if consume(UInt8(ascii: "}")) { return }
        repeat {
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a key in quotes\(found)") }
            let key = try readString()
            try expect(UInt8(ascii: ":"), "':' after the key")
            try body(&self, key)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"), "',' or '}' in the object")
    }

    /// Reads an array, calling `body` with each element's index; `body` must read the element.
    public mutating func readArray(_ body: (inout JSONPullReader, Int) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "["), "an array")
        if consume(UInt8(ascii: "]")) { return }
        var index = 0
        repeat {
            try body(&self, index)
            index += 1
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"), "',' or ']' in the array")
    }

    /// Skips one value of any kind.
    public mutating func skipValue(depth: Int = 0) throws(Failure) {
        guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
        switch peek() {
        case UInt8(ascii: "{"): try readObject { (reader, _) throws(Failure) in try reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["): try readArray { (reader, _) throws(Failure) in try reader.skipValue(depth: depth + 1) }
        default: _ = try readScalar()
        }
    }

    // MARK: Scalars

    /// Reads a string, number, boolean or null; an object or array is an error.
    public mutating func readScalar() throws(Failure) -> Scalar {
        guard let next = peek() else { throw error("expected a value, found the end of the text") }
        switch next {
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        case UInt8(ascii: "{"), UInt8(ascii: "["): throw error("expected a single value, found \(nextKind())")
        default: throw error("expected a value\(found)")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard position + expected.count <= bytes.count,
              expected.indices.allSatisfy({ bytes[position + $0] == expected[$0] }) else {
            throw error("expected \(word)")
        }
        position += expected.count
    }

    /// Reads a number, checking JSON's grammar (no "+1", "01", ".5", "NaN", "Infinity").
    public mutating func readNumber() throws(Failure) -> Scalar {
        let start = position
        var negative = false
        if position < bytes.count && bytes[position] == UInt8(ascii: "-") { negative = true; position += 1 }
        // Mantissa digits are gathered into an integer for the exact fast path.
        var mantissa: UInt64 = 0
        var digits = 0
        var overflow = false
        let integerStart = position
        while position < bytes.count, case let digit = bytes[position] &- UInt8(ascii: "0"), digit < 10 {
            if mantissa > (UInt64.max - 9) / 10 { overflow = true } else { mantissa = mantissa * 10 + UInt64(digit) }
            digits += 1
            position += 1
        }
        let integerDigits = position - integerStart
        guard integerDigits > 0 else { throw error("expected a digit in the number") }
        guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw error("a number cannot start with 0") }
        var fractionDigits = 0
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            while position < bytes.count, case let digit = bytes[position] &- UInt8(ascii: "0"), digit < 10 {
                if mantissa > (UInt64.max - 9) / 10 { overflow = true } else { mantissa = mantissa * 10 + UInt64(digit) }
                fractionDigits += 1
                position += 1
            }
            guard fractionDigits > 0 else { throw error("expected a digit after the decimal point") }
        }
        var exponent = 0
        var hasExponent = false
        if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
            hasExponent = true
            position += 1
            var exponentNegative = false
            if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            let exponentStart = position
            while position < bytes.count, case let digit = bytes[position] &- UInt8(ascii: "0"), digit < 10 {
                exponent = min(exponent * 10 + Int(digit), 100_000)
                position += 1
            }
            guard position > exponentStart else { throw error("expected a digit in the exponent") }
            if exponentNegative { exponent = -exponent }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") || (bytes[position] | 0x20) == UInt8(ascii: "e") {
            throw error("malformed number")
        }
        if fractionDigits == 0 && !hasExponent && !overflow && mantissa <= UInt64(Int64.max) {
            let integer = negative ? -Int64(mantissa) : Int64(mantissa)
            return .number(Double(integer), integer: integer)
        }
        // Clinger's fast path: a mantissa below 2^53 scaled by an exact power of ten
        // rounds correctly in one operation. Anything else goes to the full parser.
        let scale = exponent - fractionDigits
        if !overflow && mantissa < (1 << 53) && (-22...22).contains(scale) {
            let value = scale < 0 ? Double(mantissa) / powersOfTen[-scale] : Double(mantissa) * powersOfTen[scale]
            return .number(negative ? -value : value, integer: nil)
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw error("the number \(text) is out of range") }
        return .number(value, integer: nil)
    }


    /// Reads a string, decoding escapes; invalid UTF-8 is replaced, as Foundation does.
    public mutating func readString() throws(Failure) -> String {
        try expect(UInt8(ascii: "\""), "a string")
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                defer { position += 1 }
                return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            guard byte >= 0x20 else { throw error("control character in a string: escape it") }
            position += 1
        }
        throw error("unterminated string")
    }

    private mutating func readEscapedString(from start: Int) throws(Failure) -> String {
        var text = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800..<0xDC00).contains(scalar), position + 1 < bytes.count,
                       bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        position += 2
                        let low = try readHex4()
                        scalar = (0xDC00..<0xE000).contains(low) ? 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
                    }
                    text.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
                default: throw error("unknown escape \\\(Character(Unicode.Scalar(escape)))")
                }
            default:
                guard byte >= 0x20 else { throw error("control character in a string: escape it") }
                text.append(byte)
            }
        }
        throw error("unterminated string")
    }

    private mutating func readHex4() throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("expected 4 hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("expected 4 hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}

/// 10^0 ... 10^22, each exact in a Double (the range of Clinger's fast path).
private let powersOfTen: [Double] = (0...22).map { exponent in
    var value = 1.0
    for _ in 0..<exponent { value *= 10 }
    return value
}
