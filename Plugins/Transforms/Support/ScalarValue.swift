import SluiceKit

/// A scalar from a stage's config (a filter value, a fill value), keeping whether a
/// number was written as an integer so int64 columns compare exactly.
enum ScalarValue: Decodable, Equatable, CustomStringConvertible {
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Bool first: the JSON decoder never reads a number as a Bool, nor a Bool as a number.
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
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
