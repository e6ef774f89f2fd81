import SluiceJSON
import SluiceSupport
/// A YAML scalar typed by the YAML 1.2 core schema: what `42`, `1.5`, `true`, `~` and
/// `text` mean when written plain. Quoted and block scalars are always strings.
///
/// The core schema, not YAML 1.1's (which Yams' resolver follows), so that `yes`, `on`
/// and `0755` stay what they look like to most people: a string and a decimal number.
package enum CoreSchemaValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case float(Double)
    case string(String)
    /// An explicit tag that does not fit the text, e.g. `!!int abc`.
    case mistagged(tag: String)

    package var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .float: "number"
        case .string: "string"
        case .mistagged: "mistagged value"
        }
    }

    /// The JSON value, or nil when JSON cannot carry it (infinity, NaN, a bad tag).
    package var json: JSONValue? {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .integer(let value): .integer(value)
        case .float(let value): value.isFinite ? .number(value) : nil
        case .string(let value): .string(value)
        case .mistagged: nil
        }
    }

    package static let tagPrefix = "tag:yaml.org,2002:"

    package static func resolve(_ text: String, style: YAMLScalar.Style, tag: String?) -> CoreSchemaValue {
        switch tag {
        case nil, "":
            return style == .plain ? plain(text) : .string(text)
        case "!", tagPrefix + "str":
            return .string(text)
        case tagPrefix + "null", tagPrefix + "bool", tagPrefix + "int", tagPrefix + "float":
            let value = plain(text)
            let wanted = String((tag ?? "").dropFirst(tagPrefix.count))
            let fits = switch (wanted, value) {
            case ("null", .null), ("bool", .bool), ("int", .integer), ("float", .float), ("float", .integer): true
            default: false
            }
            if !fits { return .mistagged(tag: "!!" + wanted) }
            if wanted == "float", case .integer(let number) = value { return .float(Double(number)) }
            return value
        default:
            // Other tags (!!binary, application tags) mean nothing to a pipeline: read the text.
            return style == .plain ? plain(text) : .string(text)
        }
    }

    /// Types the text of a plain scalar.
    package static func plain(_ text: String) -> CoreSchemaValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        if let integer = integer(text) { return integer }
        if isFloat(text), let value = Double(text) { return .float(value) }
        return .string(text)
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`; a decimal too large for 64 bits
    /// becomes a floating-point number, as JSON readers would take it.
    private static func integer(_ text: String) -> CoreSchemaValue? {
        if text.hasPrefix("0o"), text.count > 2, let value = Int64(text.dropFirst(2), radix: 8) { return .integer(value) }
        if text.hasPrefix("0x"), text.count > 2, let value = Int64(text.dropFirst(2), radix: 16) { return .integer(value) }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if let value = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return .integer(value) }
        return Double(text).map { .float($0) }
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    private static func isFloat(_ text: String) -> Bool {
        var rest = Substring(text)
        func digits() -> Int {
            let count = rest.prefix { $0.isASCII && $0.isNumber }.count
            rest = rest.dropFirst(count)
            return count
        }
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        let whole = digits()
        var fraction = 0
        if rest.first == "." {
            rest = rest.dropFirst()
            fraction = digits()
            if whole == 0 && fraction == 0 { return false }
        } else if whole == 0 {
            return false
        }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
            if digits() == 0 { return false }
        }
        return rest.isEmpty
    }
}
