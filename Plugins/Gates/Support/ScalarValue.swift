/// A scalar from a config (`set: 3`, `set: "red"`, `set: true`), keeping its JSON type.
enum ScalarValue: Decodable, CustomStringConvertible {
    case number(Double), string(String), bool(Bool)

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if let bool = try? value.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? value.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try value.decode(String.self))
        }
    }

    var description: String {
        switch self {
        case .number(let x): x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
        case .string(let text): "\"\(text)\""
        case .bool(let flag): flag ? "true" : "false"
        }
    }
}
