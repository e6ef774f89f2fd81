import Foundation
import SluiceJSON

/// The JSON Schema keywords the host implements for stage configs, and the check that
/// a plugin's schema uses no other. A keyword the host does not implement would be
/// silently ignored (a `pattern` that is never checked), so a schema using one is
/// refused when the plugin loads, naming the keyword and where it appears.
package enum SchemaKeywords {
    /// Keywords the validator (SluicePipeline's ConfigSchema) checks.
    package static let validated: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "const",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "minLength", "maxLength", "pattern", "minItems", "maxItems",
    ]
    /// Keywords that only describe (`default` is also filled into the config). `format`
    /// is an annotation: shown and kept, never checked.
    package static let annotations: Set<String> = [
        "default", "description", "title", "examples", "$comment", "$schema", "format",
    ]
    package static let implemented = validated.union(annotations)

    /// One way a schema breaks the host's rules: where and what.
    package struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// JSON Pointer into the schema ("" for its root).
        package let pointer: String
        package let message: String
        package var description: String { "at \(pointer.isEmpty ? "/" : pointer): \(message)" }
    }

    /// The first problem of `schema`, in document order, or nil when the host can check
    /// every keyword it uses.
    package static func firstProblem(in schema: JSONValue) -> Problem? {
        check(schema, at: "")
    }

    private static func check(_ schema: JSONValue, at pointer: String) -> Problem? {
        // `true` and `false` are schemas too (anything / nothing).
        if case .bool = schema { return nil }
        guard case .object(let members) = schema else {
            return Problem(pointer: pointer, message: "a schema must be an object or a boolean, found \(schema.canonicalText.prefix(40))")
        }
        for name in members.keys.sorted() {
            let here = pointer + "/" + escape(name)
            guard implemented.contains(name) else {
                let hint = name.hasPrefix("$") || ["allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref", "$defs", "definitions", "patternProperties", "dependentRequired", "uniqueItems", "multipleOf", "prefixItems", "contains"].contains(name)
                    ? "this host does not implement it" : "it is not a keyword this host implements (a typo?)"
                return Problem(pointer: here, message: "unsupported keyword '\(name)': \(hint), so it would not be checked. Remove it, or check it in the stage's create. Supported: \(implemented.sorted().joined(separator: ", "))")
            }
            let value = members[name]!
            switch name {
            case "properties":
                guard case .object(let properties) = value else { return Problem(pointer: here, message: "'properties' must be an object of schemas") }
                for key in properties.keys.sorted() {
                    if let problem = check(properties[key]!, at: here + "/" + escape(key)) { return problem }
                }
            case "items", "additionalProperties":
                if let problem = check(value, at: here) { return problem }
            case "pattern":
                guard case .string(let pattern) = value else { return Problem(pointer: here, message: "'pattern' must be a string (a regular expression)") }
                if (try? NSRegularExpression(pattern: pattern)) == nil {
                    return Problem(pointer: here, message: "'pattern' \(JSONValue.string(pattern).canonicalText) is not a valid regular expression")
                }
            case "minLength", "maxLength", "minItems", "maxItems":
                guard let count = value.doubleValue, count >= 0, count == count.rounded() else {
                    return Problem(pointer: here, message: "'\(name)' must be a non-negative integer")
                }
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
                guard value.doubleValue != nil else { return Problem(pointer: here, message: "'\(name)' must be a number") }
            case "required":
                guard case .array(let names) = value, names.allSatisfy({ if case .string = $0 { true } else { false } }) else {
                    return Problem(pointer: here, message: "'required' must be an array of property names")
                }
            case "enum":
                guard case .array = value else { return Problem(pointer: here, message: "'enum' must be an array of the allowed values") }
            default:
                break
            }
        }
        return nil
    }

    private static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
