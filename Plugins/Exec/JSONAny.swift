import Foundation

/// Any JSON value, for `params` and the metrics file.
enum JSONAny: Decodable {
    case null, bool(Bool), number(Double), string(String), array([JSONAny]), object([String: JSONAny])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONAny].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONAny].self))
        }
    }

    /// The value as text for an environment variable, when it is a scalar.
    var scalarText: String? {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): value
        default: nil
        }
    }

    /// Every number inside, with dotted names for nested objects.
    func numbers(prefix: String) -> [(String, Double)] {
        switch self {
        case .number(let value): prefix.isEmpty ? [] : [(prefix, value)]
        case .object(let members):
            members.sorted { $0.key < $1.key }.flatMap { $0.value.numbers(prefix: prefix.isEmpty ? $0.key : prefix + "." + $0.key) }
        default: []
        }
    }

    var jsonText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number: return scalarText!
        case .string(let value):
            let data = try! JSONEncoder().encode(value)
            return String(decoding: data, as: UTF8.self)
        case .array(let values): return "[" + values.map(\.jsonText).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { JSONAny.string($0.key).jsonText + ":" + $0.value.jsonText }.joined(separator: ",") + "}"
        }
    }
}
