import Foundation
import SluiceJSON
import SluicePipeline
import SluicePlugins

/// `error-messages`: whenever the stage fails (in the examples, which may expect a
/// failure), its message says something; and a config that breaks the schema is
/// refused by the host with a message naming the offending key, so the schema really
/// constrains what reaches the plugin.
package enum ErrorMessagesCheck {
    package static func run(_ runner: ExampleRunner) -> ConformanceResult {
        let stage = runner.stage
        var failures = 0
        for example in stage.examples {
            guard let run = try? runner.run(example), run.phase == .create || run.phase == .run, run.status != 0 else { continue }
            failures += 1
            if run.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return .failed(.errorMessages, stage: stage.id, "example '\(example.name)': \(run.phase == .create ? "create" : "run") returned \(run.statusName) with an empty message; say what went wrong and how to fix it")
            }
        }
        var refused = ""
        if let (config, key) = violatingConfig(stage.configSchema) {
            let run = runner.run(config: config, inputs: [:])
            guard run.phase == .config, run.message.contains(key) else {
                return .failed(.errorMessages, stage: stage.id, "a config breaking the schema at \(key) was not refused with a message naming it (\(run.summary))")
            }
            refused = "a config breaking the schema at \(key) is refused by name"
        }
        guard failures > 0 || !refused.isEmpty else {
            return .skipped(.errorMessages, stage: stage.id, "no example fails and the schema constrains nothing: no error to judge")
        }
        let said = failures > 0 ? "\(failures) failing example\(failures == 1 ? "" : "s") gave a message" : ""
        return .passed(.errorMessages, stage: stage.id, [said, refused].filter { !$0.isEmpty }.joined(separator: "; "))
    }

    /// A config the schema refuses, and the JSON Pointer it breaks at: a declared
    /// property given a value of another type, else an undeclared property where
    /// additionalProperties is false. Nil when the schema takes anything.
    static func violatingConfig(_ schema: JSONValue) -> (JSONValue, String)? {
        if case .object(let properties)? = schema["properties"] {
            for (name, property) in properties {
                guard let type = property["type"] else { continue }
                let wrong: JSONValue = type == .string("string") ? .array([]) : .string("not a \(type.canonicalText)")
                let pointer = "/" + name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                guard ConfigSchema(schema).validate(.object([(name, wrong)])).contains(where: { $0.pointer == pointer }) else { continue }
                return (.object([(name, wrong)]), pointer)
            }
        }
        if schema["additionalProperties"] == .bool(false) {
            let name = "sluice_conformance_unknown"
            return (.object([(name, .bool(true))]), "/" + name)
        }
        return nil
    }
}
