import SluiceKit

/// The `default` of every absent property filled in from the stage's config schema,
/// recursively, as the host does before `create`: so a stage's `Config` sees what it
/// sees in a pipeline. The harness does not validate the config against the schema
/// (the host does; `sluice plugins run` shows what it says).
enum ConfigDefaults {
    static func applying(_ schemaText: String, to config: JSONValue) -> JSONValue {
        // A schema that is not JSON has no defaults to give (the host refuses such a
        // plugin when it loads; that is not the harness's test).
        guard let schema = try? JSONValue.parse(schemaText) else { return config }
        return fill(config, schema)
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
}
