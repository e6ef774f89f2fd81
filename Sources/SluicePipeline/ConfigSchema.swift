import SluiceJSON
import SluiceSupport
/// One way a config breaks its stage's schema.
package struct SchemaViolation: Equatable, Sendable, CustomStringConvertible {
    /// JSON Pointer of the offending value ("" for the whole config).
    package let pointer: String
    /// What is wrong and how to fix it.
    package let message: String

    package var description: String { "\(pointer.isEmpty ? "/" : pointer): \(message)" }
}

/// The subset of JSON Schema that stage configs use: `type`, `properties`,
/// `required`, `enum`, `const`, `minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`, `minLength`, `maxLength`, `pattern`, `minItems`, `maxItems`,
/// `items`, `additionalProperties` and `default`; `description`, `title`, `examples`,
/// `$comment`, `$schema` and `format` are annotations (`format` is not checked). The
/// list lives in SluicePlugins' `SchemaKeywords`, which refuses at plugin load a schema
/// using any other keyword, so nothing a schema says is silently left unchecked.
package struct ConfigSchema: Sendable {
    package let schema: JSONValue

    package init(_ schema: JSONValue) {
        self.schema = schema
    }

    /// Every violation in `value`, in document order.
    package func validate(_ value: JSONValue) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        Self.check(value, against: schema, at: "", into: &violations)
        return violations
    }

    /// `value` with the `default` of every absent property filled in, recursively, so
    /// that plugins (and fingerprints) see the effective config.
    package func applyingDefaults(to value: JSONValue) -> JSONValue {
        Self.fill(value, schema)
    }

    private static func fill(_ value: JSONValue, _ schema: JSONValue) -> JSONValue {
        switch value {
        case .object(var members):
            if case .object(let properties)? = schema["properties"] {
                for (name, propertySchema) in properties {
                    if let present = members[name] {
                        members[name] = fill(present, propertySchema)
                    } else if let fallback = propertySchema["default"] {
                        members[name] = fallback
                    }
                }
            }
            return .object(members)
        case .array(let values):
            guard let items = schema["items"] else { return value }
            return .array(values.map { fill($0, items) })
        default:
            return value
        }
    }

    private static func check(_ value: JSONValue, against schema: JSONValue, at pointer: String, into violations: inout [SchemaViolation]) {
        func fail(_ message: String, _ where_: String = pointer) {
            violations.append(SchemaViolation(pointer: where_, message: message))
        }
        if case .bool(let allowed) = schema {
            if !allowed { fail("no value is allowed here; remove it") }
            return
        }
        if let types = typeNames(schema["type"]), !types.contains(where: { matches(value, type: $0) }) {
            fail("expected \(types.joined(separator: " or ")), found \(value.typeName) \(short(value))")
            return
        }
        if let allowed = schema["enum"], case .array(let options) = allowed, !options.contains(where: { equalJSON($0, value) }) {
            fail("\(short(value)) is not one of \(options.map(short).joined(separator: ", "))")
        }
        if let constant = schema["const"], !equalJSON(constant, value) {
            fail("must be \(short(constant)), found \(short(value))")
        }
        if let number = value.doubleValue {
            if let minimum = schema["minimum"]?.doubleValue, number < minimum {
                fail("\(short(value)) is less than the minimum \(short(schema["minimum"]!))")
            }
            if let maximum = schema["maximum"]?.doubleValue, number > maximum {
                fail("\(short(value)) is greater than the maximum \(short(schema["maximum"]!))")
            }
            if let bound = schema["exclusiveMinimum"]?.doubleValue, number <= bound {
                fail("\(short(value)) must be greater than \(short(schema["exclusiveMinimum"]!))")
            }
            if let bound = schema["exclusiveMaximum"]?.doubleValue, number >= bound {
                fail("\(short(value)) must be less than \(short(schema["exclusiveMaximum"]!))")
            }
        }
        if case .string(let text) = value {
            if let minimum = schema["minLength"]?.doubleValue, Double(text.count) < minimum {
                fail("must be at least \(Int(minimum)) characters long")
            }
            if let maximum = schema["maxLength"]?.doubleValue, Double(text.count) > maximum {
                fail("must be at most \(Int(maximum)) characters long")
            }
            if case .string(let pattern)? = schema["pattern"], !SchemaPattern.matches(text, pattern: pattern) {
                fail("\(short(value)) does not match the pattern \(short(.string(pattern)))")
            }
        }
        if case .array(let values) = value {
            if let minimum = schema["minItems"]?.doubleValue, Double(values.count) < minimum {
                fail("needs at least \(Int(minimum)) item(s), found \(values.count)")
            }
            if let maximum = schema["maxItems"]?.doubleValue, Double(values.count) > maximum {
                fail("allows at most \(Int(maximum)) item(s), found \(values.count)")
            }
            if let items = schema["items"] {
                for (index, item) in values.enumerated() {
                    check(item, against: items, at: pointer + "/\(index)", into: &violations)
                }
            }
        }
        if case .object(let members) = value {
            var properties = JSONObject()
            if case .object(let declared)? = schema["properties"] { properties = declared }
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where members[name] == nil {
                    fail("missing required field '\(name)'; add it")
                }
            }
            for name in members.keys.sorted() {
                let child = pointer + "/" + escape(name)
                if let propertySchema = properties[name] {
                    check(members[name]!, against: propertySchema, at: child, into: &violations)
                } else if let additional = schema["additionalProperties"] {
                    if case .bool(false) = additional {
                        let known = properties.keys.sorted()
                        let hint = nearest(to: name, in: known).map { "did you mean '\($0)'?" }
                            ?? (known.isEmpty ? "this stage takes no fields" : "known fields: \(known.joined(separator: ", "))")
                        fail("unknown field '\(name)'; \(hint)", child)
                    } else {
                        check(members[name]!, against: additional, at: child, into: &violations)
                    }
                }
            }
        }
    }

    private static func typeNames(_ type: JSONValue?) -> [String]? {
        switch type {
        case .string(let name)?: [name]
        case .array(let names)?: names.compactMap { if case .string(let name) = $0 { name } else { nil } }
        default: nil
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("number", .integer): true
        case ("number", .number(let number)): number.isFinite
        case ("integer", .integer): true
        case ("integer", .number(let number)): number.isFinite && number == number.rounded()
        default: false
        }
    }

    /// JSON equality where 1 and 1.0 are the same number, as JSON Schema says.
    private static func equalJSON(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }

    private static func short(_ value: JSONValue) -> String {
        let text = value.canonicalText
        return text.count > 40 ? String(text.prefix(37)) + "..." : text
    }

    private static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
