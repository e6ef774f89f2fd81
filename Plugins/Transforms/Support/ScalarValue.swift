import SluiceKit

/// A scalar from a stage's config (a filter value, a fill value), keeping whether a
/// number was written as an integer so int64 columns compare exactly.
enum ScalarValue: Decodable, Equatable, CustomStringConvertible {
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)

    init(from decoder: any Decoder) throws {
        switch try decoder.singleValueContainer().decode(JSONValue.self) {
        case .bool(let value): self = .bool(value)
        case .integer(let value): self = .integer(value)
        case .number(let value): self = .number(value)
        case .string(let value): self = .string(value)
        default:
            throw DecodingError.typeMismatch(ScalarValue.self, .init(codingPath: decoder.codingPath, debugDescription: "expected a number, a string or a boolean"))
        }
    }

    /// The value as a number, when it is one.
    var double: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The value as a whole number, when it is one.
    var int64: Int64? {
        switch self {
        case .integer(let value): value
        case .number(let value): value == value.rounded() && abs(value) < 9.2e18 ? Int64(value) : nil
        default: nil
        }
    }

    /// "a number", "a string", "a boolean".
    var kindName: String {
        switch self {
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        }
    }

    /// The value as written in JSON.
    var description: String { json.text }

    var json: JSONText {
        switch self {
        case .bool(let value): .bool(value)
        case .integer(let value): .integer(value)
        case .number(let value): .number(value)
        case .string(let value): .string(value)
        }
    }
}
