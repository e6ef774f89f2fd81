/// When a template file is included: `when:` in the manifest.
///
/// The grammar is deliberately small, since a template's conditions are short:
/// `NAME` (true, or non-empty text), `!NAME`, `NAME == VALUE`, `NAME != VALUE`, joined by
/// `&&` and then `||` (no parentheses: `a && b || c` is `(a && b) || c`). VALUE is a bare
/// word or text in single or double quotes.
package struct TemplateCondition: Sendable, Equatable, CustomStringConvertible {
    /// One test on one variable.
    package enum Atom: Sendable, Equatable {
        case truthy(String)
        case falsy(String)
        case equals(String, String)
        case differs(String, String)

        package var variable: String {
            switch self {
            case .truthy(let name), .falsy(let name), .equals(let name, _), .differs(let name, _): name
            }
        }
    }

    /// Alternatives (`||`) of conjunctions (`&&`).
    package let alternatives: [[Atom]]
    package let description: String

    /// Parses `text`, or says what is wrong with it.
    package static func parse(_ text: String) -> Result<TemplateCondition, TemplateValueProblem> {
        var tokens: [Token]
        switch tokenize(text) {
        case .success(let found): tokens = found
        case .failure(let problem): return .failure(problem)
        }
        var alternatives: [[Atom]] = [[]]
        while true {
            switch parseAtom(&tokens) {
            case .success(let atom): alternatives[alternatives.count - 1].append(atom)
            case .failure(let problem): return .failure(problem)
            }
            guard let next = tokens.first else { break }
            tokens.removeFirst()
            switch next {
            case .and: continue
            case .or: alternatives.append([])
            default: return .failure(TemplateValueProblem("expected `&&`, `||` or the end of the condition after a test, found \(next)"))
            }
        }
        return .success(TemplateCondition(alternatives: alternatives, description: text))
    }

    /// Every test in the condition (to check the names and values it uses).
    package var atoms: [Atom] { alternatives.flatMap { $0 } }

    /// Whether the condition holds for `values`; a variable without a value is false/empty.
    package func holds(for values: [String: TemplateValue]) -> Bool {
        alternatives.contains { conjunction in
            conjunction.allSatisfy { atom in
                switch atom {
                case .truthy(let name): values[name]?.isTruthy ?? false
                case .falsy(let name): !(values[name]?.isTruthy ?? false)
                case .equals(let name, let value): values[name]?.description == value
                case .differs(let name, let value): values[name]?.description != value
                }
            }
        }
    }

    // MARK: - Reading the text

    private enum Token: Equatable, CustomStringConvertible {
        case word(String), quoted(String), not, equals, differs, and, or

        package var description: String {
            switch self {
            case .word(let text): "'\(text)'"
            case .quoted(let text): "\"\(text)\""
            case .not: "`!`"
            case .equals: "`==`"
            case .differs: "`!=`"
            case .and: "`&&`"
            case .or: "`||`"
            }
        }
    }

    private static func parseAtom(_ tokens: inout [Token]) -> Result<Atom, TemplateValueProblem> {
        guard !tokens.isEmpty else { return .failure(TemplateValueProblem("the condition is empty or ends with an operator; write a variable name, e.g. `when: tests` or `when: kind == trainer`")) }
        if tokens.first == .not {
            tokens.removeFirst()
            guard case .word(let name)? = tokens.first else { return .failure(TemplateValueProblem("`!` must be followed by a variable name")) }
            tokens.removeFirst()
            return .success(.falsy(name))
        }
        guard case .word(let name) = tokens.removeFirst() else {
            return .failure(TemplateValueProblem("a test starts with a variable name"))
        }
        guard let operation = tokens.first, operation == .equals || operation == .differs else { return .success(.truthy(name)) }
        tokens.removeFirst()
        let value: String
        switch tokens.first {
        case .word(let text)?, .quoted(let text)?: value = text
        default: return .failure(TemplateValueProblem("\(operation) must be followed by a value"))
        }
        tokens.removeFirst()
        return .success(operation == .equals ? .equals(name, value) : .differs(name, value))
    }

    private static func tokenize(_ text: String) -> Result<[Token], TemplateValueProblem> {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        func isWordCharacter(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || "_.-".contains(character)
        }
        while index < characters.count {
            let character = characters[index]
            let pair = index + 1 < characters.count ? String(characters[index...index + 1]) : String(character)
            switch character {
            case " ", "\t":
                index += 1
            case _ where ["==", "!=", "&&", "||"].contains(pair):
                tokens.append(pair == "==" ? .equals : pair == "!=" ? .differs : pair == "&&" ? .and : .or)
                index += 2
            case "!":
                tokens.append(.not)
                index += 1
            case "\"", "'":
                guard let end = characters[(index + 1)...].firstIndex(of: character) else {
                    return .failure(TemplateValueProblem("a quote opened at character \(index + 1) is not closed"))
                }
                tokens.append(.quoted(String(characters[(index + 1)..<end])))
                index = end + 1
            case _ where isWordCharacter(character):
                let start = index
                while index < characters.count, isWordCharacter(characters[index]) { index += 1 }
                tokens.append(.word(String(characters[start..<index])))
            default:
                return .failure(TemplateValueProblem("unexpected '\(character)' at character \(index + 1); conditions use names, values, `!`, `==`, `!=`, `&&` and `||`"))
            }
        }
        return .success(tokens)
    }
}
