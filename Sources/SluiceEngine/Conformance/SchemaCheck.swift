import SluiceJSON
import SluicePipeline
import SluicePlugins

/// `schema`: what the loader does not check about a stage's config schema. The config
/// is an object, so the schema's `type` (when given) is "object"; every `default` meets
/// the schema it sits in (the host fills defaults in unchecked, so a bad one reaches the
/// plugin); a required property can exist; and every example's config meets the schema,
/// unless the example is there to show the refusal (it expects invalid_config).
package enum SchemaCheck {
    package static func run(_ stage: StageInfo) -> ConformanceResult {
        let schema = stage.configSchema
        var problems: [String] = []
        if let type = schema["type"], type != .string("object") {
            problems.append("its type is \(type.canonicalText), but a stage's config is an object: say \"type\": \"object\"")
        }
        var defaults = 0
        walk(schema, at: "") { pointer, node in
            guard let fallback = node["default"] else { return }
            defaults += 1
            let violations = ConfigSchema(node).validate(fallback)
            if let first = violations.first {
                problems.append("the default at \(pointer.isEmpty ? "/" : pointer) breaks its own schema (\(first))")
            }
        }
        if schema["additionalProperties"] == .bool(false), case .array(let required)? = schema["required"] {
            let properties = schema["properties"]
            for case .string(let name) in required where properties?[name] == nil {
                problems.append("'\(name)' is required, but it is not among the properties and additionalProperties is false, so no config can have it")
            }
        }
        let checked = stage.examples.filter { $0.expect.status != "invalid_config" }
        for example in checked {
            if let violation = ConfigSchema(schema).validate(example.config).first {
                problems.append("example '\(example.name)' has a config the schema refuses (\(violation)); fix the example, or expect invalid_config")
            }
        }
        if let first = problems.first {
            return .failed(.schema, stage: stage.id, "config_schema: " + first + (problems.count > 1 ? " (and \(problems.count - 1) more)" : ""))
        }
        let properties = schema["properties"].flatMap { value -> Int? in if case .object(let members) = value { members.count } else { nil } } ?? 0
        return .passed(.schema, stage: stage.id, "\(properties) propert\(properties == 1 ? "y" : "ies"), \(defaults) default\(defaults == 1 ? "" : "s") valid, \(checked.count) example config\(checked.count == 1 ? "" : "s") valid")
    }

    /// Calls `visit` with every subschema (under properties and items) and its JSON Pointer.
    private static func walk(_ schema: JSONValue, at pointer: String, _ visit: (String, JSONValue) -> Void) {
        visit(pointer, schema)
        if case .object(let properties)? = schema["properties"] {
            for (name, child) in properties {
                walk(child, at: pointer + "/properties/" + name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1"), visit)
            }
        }
        if let items = schema["items"], case .object = items {
            walk(items, at: pointer + "/items", visit)
        }
    }
}
