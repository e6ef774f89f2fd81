/// Writes JSON as UTF-8 bytes, in one `JSONFormat`: a whole `JSONValue`, or piece by
/// piece for callers that stream (the server writes responses and prediction-log lines
/// straight from Arrow columns, with no tree in between). Pieces add no separators: the
/// caller writes the commas, `key` writes the colon.
///
/// The pieces a column loop calls per value are `@inlinable`, so that they cost what
/// they would inside the caller's module.
public struct JSONWriter {
    @usableFromInline var buffer: [UInt8]
    /// How values and pieces are written.
    public let format: JSONFormat

    /// A writer with room for `capacity` bytes before it grows.
    public init(format: JSONFormat = .canonical, capacity: Int = 256) {
        self.format = format
        buffer = []
        buffer.reserveCapacity(capacity)
    }

    /// What has been written so far.
    public var bytes: [UInt8] { buffer }

    /// What has been written so far, as text.
    public var text: String { String(decoding: buffer, as: UTF8.self) }

    // MARK: Pieces

    /// Appends `text` as it is: punctuation and literal keys the caller knows to be JSON.
    @inlinable
    public mutating func raw(_ text: StaticString) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends one ASCII character, such as `{` or `,`.
    @inlinable
    public mutating func byte(_ ascii: Unicode.Scalar) {
        buffer.append(UInt8(ascii: ascii))
    }

    /// Appends `null`.
    @inlinable
    public mutating func null() { raw("null") }

    /// Appends `true` or `false`.
    @inlinable
    public mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// Appends an integer.
    @inlinable
    public mutating func number(_ value: Int64) {
        buffer.append(contentsOf: String(value).utf8)
    }

    /// Appends an integer.
    @inlinable
    public mutating func number(_ value: Int) { number(Int64(value)) }

    /// Appends a floating-point number as the format writes it; NaN and infinities,
    /// which have no JSON form, as null.
    @inlinable
    public mutating func number(_ value: Double) {
        guard value.isFinite else { return raw("null") }
        switch format {
        case .canonical:
            buffer.append(contentsOf: value.description.utf8)
        case .compact:
            if value == value.rounded(), abs(value) < 1e15 {
                number(Int64(value))  // 2 rather than 2.0
            } else {
                buffer.append(contentsOf: value.description.utf8)
            }
        case .pretty:
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            buffer.append(contentsOf: text.utf8)
        }
    }

    /// Appends a string in quotes, escaped.
    @inlinable
    public mutating func string(_ text: String) {
        buffer.append(UInt8(ascii: "\""))
        if text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil {
            let units = Array(text.utf8)
            units.withUnsafeBufferPointer { appendEscaped($0) }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends a key in quotes and its colon.
    @inlinable
    public mutating func key(_ name: String) {
        string(name)
        if format == .pretty { raw(" : ") } else { byte(":") }
    }

    /// Appends `values` as an array, `body` writing each element.
    @inlinable
    public mutating func list<S: Sequence>(_ values: S, _ body: (inout JSONWriter, S.Element) -> Void) {
        byte("[")
        var first = true
        for value in values {
            if !first { byte(",") }
            first = false
            body(&self, value)
        }
        byte("]")
    }

    /// Copies runs that need no escape in one go: most strings are all one run.
    @usableFromInline
    mutating func appendEscaped(_ units: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in 0..<units.count {
            let unit = units[index]
            guard unit < 0x20 || unit == UInt8(ascii: "\"") || unit == UInt8(ascii: "\\") else { continue }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: units[start..<index]))
            escape(unit)
            start = index + 1
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: units[start...]))
    }

    @usableFromInline
    mutating func escape(_ unit: UInt8) {
        switch unit {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case 0x0A: raw("\\n")
        case 0x0D: raw("\\r")
        case 0x09: raw("\\t")
        // Foundation names these two; canonical text never has, and must not start.
        case 0x08 where format == .pretty: raw("\\b")
        case 0x0C where format == .pretty: raw("\\f")
        default:
            raw("\\u00")
            buffer.append(JSONWriter.hexDigits[Int(unit >> 4)])
            buffer.append(JSONWriter.hexDigits[Int(unit & 15)])
        }
    }

    @usableFromInline
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    // MARK: Values

    /// Appends a whole value: keys sorted in the canonical and pretty formats, in their
    /// order in the compact one.
    public mutating func value(_ value: JSONValue) {
        write(value, level: 0)
    }

    private mutating func write(_ value: JSONValue, level: Int) {
        switch value {
        case .null: null()
        case .bool(let value): bool(value)
        case .integer(let value): number(value)
        case .number(let value): number(value)
        case .string(let value): string(value)
        case .array(let values):
            byte("[")
            for (index, element) in values.enumerated() {
                if index > 0 { byte(",") }
                newline(level + 1)
                write(element, level: level + 1)
            }
            close("]", level: level, empty: values.isEmpty)
        case .object(let members):
            byte("{")
            for (index, name) in (format == .compact ? members.keys : members.sortedKeys).enumerated() {
                if index > 0 { byte(",") }
                newline(level + 1)
                key(name)
                write(members[name]!, level: level + 1)
            }
            close("}", level: level, empty: members.isEmpty)
        }
    }

    /// Pretty text starts every element on a line of its own.
    private mutating func newline(_ level: Int) {
        guard format == .pretty else { return }
        byte("\n")
        buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    /// Foundation writes an empty container pretty as an empty line: "[\n\n]".
    private mutating func close(_ bracket: Unicode.Scalar, level: Int, empty: Bool) {
        if empty && format == .pretty { byte("\n") }
        newline(level)
        byte(bracket)
    }
}
