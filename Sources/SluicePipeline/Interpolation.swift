import Foundation
import SluiceJSON
import SluiceSupport

/// Fills in `${params.x}` and `${env.NAME}` (`${env.NAME:-fallback}`) in the strings of a
/// stage's `with`. A string that is exactly one reference takes the referenced value
/// with its type (a list stays a list); inside longer text the value's text is used.
/// `$${` writes a literal `${`.
package struct Interpolation {
    package let params: [String: JSONValue]
    package let environment: [String: String]

    private enum Segment {
        case text(String)
        /// What is between `${` and `}`, and the whole reference as written.
        case reference(String, written: String)
    }

    /// The value `text` stands for, or every problem found in it (each a full message).
    package func resolve(_ text: String) -> Result<JSONValue, Problems> {
        guard text.contains("$") else { return .success(.string(text)) }
        let segments: [Segment]
        switch Self.segments(of: text) {
        case .success(let parsed): segments = parsed
        case .failure(let problem): return .failure(problem)
        }
        if segments.count == 1, case .reference(let inside, let written) = segments[0] {
            return lookup(inside, written: written)
        }
        var result = "", problems: [String] = []
        for segment in segments {
            switch segment {
            case .text(let literal):
                result += literal
            case .reference(let inside, let written):
                switch lookup(inside, written: written) {
                case .failure(let problem): problems += problem.messages
                case .success(let value):
                    switch value {
                    case .string(let string): result += string
                    case .array, .object:
                        problems.append("'\(written)' is \(value.typePhrase) and cannot be put inside text. To pass it, make the reference the whole value: \"\(written)\"")
                    default: result += value.canonicalText
                    }
                }
            }
        }
        return problems.isEmpty ? .success(.string(result)) : .failure(Problems(messages: problems))
    }

    /// What went wrong, one full message per reference.
    package struct Problems: Error {
        package let messages: [String]

        package init(messages: [String]) {
            self.messages = messages
        }

        package init(_ message: String) {
            self.messages = [message]
        }
    }

    private static func segments(of text: String) -> Result<[Segment], Problems> {
        var segments: [Segment] = [], literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("$${") {
                literal += "${"
                index = text.index(index, offsetBy: 3)
            } else if rest.hasPrefix("${") {
                guard let close = rest.firstIndex(of: "}") else {
                    return .failure(Problems("'${' is not closed in '\(text)'. Close it with '}', or write $${ for a literal ${"))
                }
                if !literal.isEmpty { segments.append(.text(literal)) }
                literal = ""
                let inside = String(text[text.index(index, offsetBy: 2)..<close])
                segments.append(.reference(inside, written: String(text[index...close])))
                index = text.index(after: close)
            } else {
                literal.append(text[index])
                index = text.index(after: index)
            }
        }
        if !literal.isEmpty || segments.isEmpty { segments.append(.text(literal)) }
        return .success(segments)
    }

    private func lookup(_ inside: String, written: String) -> Result<JSONValue, Problems> {
        let reference = inside.trimmingCharacters(in: .whitespaces)
        if reference.hasPrefix("params.") {
            return param(reference.dropFirst("params.".count).split(separator: ".", omittingEmptySubsequences: false).map(String.init), written: written)
        }
        if reference.hasPrefix("env.") {
            return variable(String(reference.dropFirst("env.".count)), written: written)
        }
        return .failure(Problems("'\(written)' is not something sluice can fill in. Use ${params.NAME} or ${env.NAME}, or write $${ for a literal ${"))
    }

    private func param(_ path: [String], written: String) -> Result<JSONValue, Problems> {
        let known = params.keys.sorted()
        if path.contains(where: \.isEmpty) {
            return .failure(Problems("'\(written)' is not a param path. Write ${params.NAME}, or ${params.NAME.KEY} for a value inside a map"))
        }
        guard let name = path.first, let value = params[name] else {
            let name = path.first ?? ""
            var message = "unknown param '\(name)' in '\(written)'."
            if let suggestion = nearest(to: name, in: known) {
                message += " Did you mean '\(suggestion)'? Known params: \(known.joined(separator: ", "))"
            } else if known.isEmpty {
                message += " No params are declared: add it under `params:`"
            } else {
                message += " Known params: \(known.joined(separator: ", ")); declare it under `params:` or fix the name"
            }
            return .failure(Problems(message))
        }
        var current = value, reached = name
        for key in path.dropFirst() {
            switch current {
            case .object(let members):
                guard let next = members[key] else {
                    let keys = members.keys.sorted()
                    return .failure(Problems("param '\(reached)' has no key '\(key)' (in '\(written)').\(didYouMean(key, keys)) Its keys: \(keys.isEmpty ? "none" : keys.joined(separator: ", "))"))
                }
                current = next
            case .array(let items):
                guard let position = Int(key), items.indices.contains(position) else {
                    return .failure(Problems("param '\(reached)' is a list of \(items.count) item(s), so '\(written)' reads nothing. Read an item by its index, from 0 to \(max(0, items.count - 1))"))
                }
                current = items[position]
            default:
                return .failure(Problems("param '\(reached)' is \(current.typePhrase), so '\(written)' reads nothing. Use ${params.\(reached)}"))
            }
            reached += "." + key
        }
        return .success(current)
    }

    private func variable(_ reference: String, written: String) -> Result<JSONValue, Problems> {
        var name = reference, fallback: String?
        if let separator = reference.range(of: ":-") {
            name = String(reference[..<separator.lowerBound])
            fallback = String(reference[separator.upperBound...])
        }
        guard !name.isEmpty else {
            return .failure(Problems("'\(written)' names no environment variable. Write ${env.NAME}"))
        }
        // As in the shell, `:-` also covers a variable that is set but empty.
        if let value = environment[name], !(value.isEmpty && fallback != nil) {
            return .success(.string(value))
        }
        if let fallback { return .success(.string(fallback)) }
        return .failure(Problems("environment variable '\(name)' is not set (in '\(written)'). Set it, or give a default: ${env.\(name):-value}"))
    }
}
