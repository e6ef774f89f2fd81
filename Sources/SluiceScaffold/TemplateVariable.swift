import SluiceSupport
/// A value a template asks for, declared in its manifest's `variables:`.
package struct TemplateVariable: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case string
        case bool
        /// One of a fixed list of words.
        case choice([String])

        package var name: String {
            switch self {
            case .string: "string"
            case .bool: "bool"
            case .choice: "choice"
            }
        }
    }

    /// `[a-z][a-z0-9_]*`: usable as `{{name}}` in Mustache and in conditions.
    package let name: String
    package let kind: Kind
    /// The value when none is given; it may use other variables (`"{{name}} pipeline"`).
    /// Without one, the value must be given (or typed at the prompt).
    package let defaultValue: String?
    /// The question asked at a terminal.
    package let prompt: String

    package init(name: String, kind: Kind, defaultValue: String?, prompt: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.prompt = prompt
    }

    /// `text` as this variable's value, or the message saying what is accepted.
    package func value(from text: String) -> Result<TemplateValue, TemplateValueProblem> {
        if TemplatePath.climbsOut(text) {
            return .failure(TemplateValueProblem("'\(text)' contains `..` as a path component, which could write outside the new folder. Give a value without `../`"))
        }
        switch kind {
        case .string:
            return .success(.string(text))
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "y", "1", "on": return .success(.bool(true))
            case "false", "no", "n", "0", "off": return .success(.bool(false))
            default: return .failure(TemplateValueProblem("'\(text)' is not a yes/no value. Use true or false"))
            }
        case .choice(let choices):
            guard choices.contains(text) else {
                return .failure(TemplateValueProblem("'\(text)' is not one of the choices. Use one of: \(choices.joined(separator: ", "))"))
            }
            return .success(.string(text))
        }
    }

    package static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

/// Why a value does not fit its variable.
package struct TemplateValueProblem: Error, Equatable {
    package let message: String
    package init(_ message: String) { self.message = message }
}

/// A variable's value once given, defaulted or typed.
package enum TemplateValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case bool(Bool)

    /// True for `true` and for any non-empty text: what a bare `when: name` tests.
    package var isTruthy: Bool {
        switch self {
        case .bool(let value): value
        case .string(let text): !text.isEmpty
        }
    }

    package var description: String {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .string(let text): text
        }
    }
}
