/// A JSON value written out with keys in the order given, for the reports stages
/// publish (Foundation formats doubles differently across platforms, and cannot keep
/// key order). Numbers are written in Swift's shortest round-tripping form; NaN and
/// infinities, which JSON cannot hold, as null. One writer for every Swift plugin.
public indirect enum JSONText: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int64)
    case string(String)
    case array([JSONText])
    case object([(String, JSONText)])

    /// The compact JSON text.
    public var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    /// The text as UTF-8 bytes, with a final newline.
    public var bytes: [UInt8] { Array((text + "\n").utf8) }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value):
            if !value.isFinite {
                out += "null"
            } else if value == value.rounded(), abs(value) < 1e15 {
                out += String(Int64(value))  // 2 rather than 2.0
            } else {
                out += "\(value)"
            }
        case .integer(let value): out += String(value)
        case .string(let value): JSONText.quote(value, into: &out)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                JSONText.quote(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension JSONText {
    /// A number, or null when there is none.
    public static func number(_ value: Double?) -> JSONText { value.map { .number($0) } ?? .null }
    /// An array of strings.
    public static func strings(_ values: [String]) -> JSONText { .array(values.map { .string($0) }) }
}
