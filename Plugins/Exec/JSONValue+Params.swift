import SluiceKit

/// How the command sees `params` and how its metrics file is read.
extension JSONValue {
    /// The value as text for an environment variable, when it is a scalar: numbers as
    /// in the params file (2, not 2.0).
    var scalarText: String? {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .integer, .number: text
        case .string(let value): value
        default: nil
        }
    }

    /// Every number inside, with dotted names for nested objects.
    func numbers(prefix: String) -> [(String, Double)] {
        switch self {
        case .integer, .number: prefix.isEmpty ? [] : [(prefix, doubleValue!)]
        case .object(let members):
            members.sorted { $0.key < $1.key }.flatMap { $0.value.numbers(prefix: prefix.isEmpty ? $0.key : prefix + "." + $0.key) }
        default: []
        }
    }
}
