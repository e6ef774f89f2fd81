import SluiceJSON
import SluiceSupport

extension JSONValue {
    /// The value's type as it reads in a sentence about a pipeline: "an integer", "a list".
    package var typePhrase: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "a map"
        }
    }
}
