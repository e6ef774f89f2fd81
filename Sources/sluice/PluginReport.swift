import SluiceEngine
import SluiceJSON
import SluicePlugins
import SluiceSupport


/// Machine-readable and one-line forms of plugins and stage events.
enum PluginReport {
    static func catalog(_ catalog: PluginCatalog) -> JSONValue {
        .object([
            "plugins": .array(catalog.plugins.map { plugin($0, detailed: false) }),
            "problems": .array(catalog.problems.map { problem in
                .object(["code": .string(problem.code.id), "location": .string(problem.location), "message": .string(problem.message)])
            }),
            "searched": .array(catalog.searched.map { .object(["path": .string($0.path), "origin": .string($0.origin)]) }),
        ])
    }

    static func plugin(_ plugin: PluginInfo, detailed: Bool) -> JSONValue {
        .object([
            "id": .string(plugin.id),
            "version": .string(plugin.version),
            "description": .string(plugin.description),
            "build": .string(plugin.build),
            "protocol": .string("\(plugin.abiMajor).\(plugin.abiMinor)"),
            "path": .string(plugin.path),
            "origin": .string(plugin.origin),
            "stages": .array(plugin.stages.map { stage in
                var fields: [String: JSONValue] = [
                    "id": .string(stage.id),
                    "kind": .string(stage.kind.name),
                    "version": .string(stage.version),
                    "description": .string(stage.description),
                    "thread_safe": .bool(stage.threadSafe),
                    "volatile": .bool(stage.volatile),
                    "examples": .integer(Int64(stage.examples.count)),
                    "inputs": .array(stage.inputs.map(port)),
                    "outputs": .array(stage.outputs.map(port)),
                ]
                if detailed { fields["config_schema"] = stage.configSchema }
                return .object(fields)
            }),
        ])
    }

    static func port(_ port: PortInfo) -> JSONValue {
        .object([
            "name": .string(port.name), "kind": .string(port.kind.name),
            "optional": .bool(port.optional), "description": .string(port.description),
        ])
    }

    /// "swift Clang 21.0.0 (https://... 11673e66...)" reads as "swift (clang 21.0.0)" in tables.
    static func shortBuild(_ build: String) -> String {
        guard build.hasPrefix("swift") else { return build }
        let words = build.split(separator: " ")
        return words.count >= 3 ? "swift (clang \(words[2]))" : build
    }

    static func line(for event: StageEvent) -> String {
        switch event {
        case .log(let level, let message): "[\(level.name)] \(message)"
        case .metric(let name, let value, let step): "[metric] \(name) = \(value)" + (step.map { " (step \($0))" } ?? "")
        case .param(let name, let json): "[param] \(name) = \(json)"
        case .progress(let fraction, let message):
            "[progress] " + (fraction.map { "\(Int(($0 * 100).rounded()))%" } ?? "?") + (message.map { " \($0)" } ?? "")
        }
    }
}
