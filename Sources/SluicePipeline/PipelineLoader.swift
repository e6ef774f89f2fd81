import Foundation
import SluicePlugins
import SluiceSupport

/// Reads `sluice.yaml`: parses it, checks every key, resolves each stage's plugin, binds
/// ports, fills in `${...}` and validates each `with` against its stage's schema.
package enum PipelineLoader {
    /// Reads, resolves and validates a pipeline file. Throws every problem found at once
    /// (a YAML syntax error or an unsupported version stops at that one problem).
    package static func load(
        file: String,
        overrides: [String] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        searchPath: PluginSearchPath
    ) throws(Diagnostics) -> Pipeline {
        let (data, source, document): (Data, SourceText, ComposedDocument)
        do throws(Diagnostic) {
            (data, source, document) = try parse(file)
        } catch {
            throw Diagnostics([error])
        }
        let report = DiagnosticCollector(file: file, source: source)
        report.add(document.problems)
        let root = document.root ?? YAMLNode(content: .mapping([]), position: SourcePosition(line: 1, column: 1))
        var parsed = PipelineDocumentReader.read(root, report: report)
        ParamOverrides.apply(overrides, to: &parsed.params, report: report)

        // Only the plugins the stages name are loaded (others on demand, see PluginIndex).
        let wanted = Set(parsed.stages.compactMap { stage in stage.uses.flatMap { uses in uses.lastIndex(of: "/").map { String(uses[..<$0]) } } })
        let plugins = PipelinePlugins(entries: parsed.plugins, file: file, searchPath: searchPath, wanted: wanted,
                                      index: PluginIndex(file: PluginIndex.defaultFile(environment: environment)), report: report)
        var resolved: [String: (plugin: PluginInfo, stage: StageInfo)] = [:]
        for stage in parsed.stages {
            resolved[stage.name] = plugins.resolve(stage, report: report)
        }
        let order = parsed.stages.map(\.name)
        let infos = resolved.mapValues(\.stage)
        let configs = StageConfigResolver(interpolation: Interpolation(params: parsed.params, environment: environment), report: report)
        var stages: [PipelineStage] = []
        let folder = URL(fileURLWithPath: file).absoluteURL.deletingLastPathComponent()
        let written = Set(parsed.stages.flatMap(\.outs))
        for stage in parsed.stages {
            let inputs = PortBinder(stage: stage, info: infos[stage.name], order: order, resolved: infos, report: report).bind()
            guard let (plugin, info) = resolved[stage.name], let config = configs.resolve(stage, schema: info.configSchema) else { continue }
            var dependencies: [String] = []
            for entry in stage.needs where !dependencies.contains(entry.stage) {
                dependencies.append(entry.stage)
            }
            stages.append(PipelineStage(
                name: stage.name, uses: stage.uses ?? "", plugin: plugin, info: info, dependencies: dependencies,
                inputs: inputs, config: config, approval: stage.approval, timeout: stage.timeout, retries: stage.retries,
                location: SourceLocation(file: file, line: stage.position.line, column: stage.position.column),
                cache: stage.cache, deps: stage.deps + PathDependencies.find(config: config, schema: info.configSchema, folder: folder, written: written.subtracting(stage.outs)).filter { !stage.deps.contains($0) },
                outs: stage.outs, compression: stage.compression ?? parsed.compression,
                isolation: stage.isolation ?? plugins.isolation(of: plugin), resources: stage.resources, maxOutput: stage.maxOutput
            ))
        }
        for cycle in NeedsCycles.find(in: parsed.stages) {
            let first = parsed.stages.first { $0.name == cycle[0] }
            report.error("config.cycle", at: first?.position, stage: cycle[0], "needs form a cycle: \(cycle.joined(separator: " -> ")). Remove one of these needs")
        }
        if !report.isEmpty { throw Diagnostics(report.sorted()) }
        return Pipeline(
            file: file, digest: data.withUnsafeBytes { sha256Digest($0) }, version: Int(PipelineDocumentReader.supportedVersion),
            name: parsed.name ?? defaultName(file), params: parsed.params, stages: stages, catalog: plugins.catalog,
            monitor: parsed.monitor, pluginIsolations: plugins.isolations
        )
    }

    /// The file's bytes, text and YAML, its version checked: the problems that stop everything.
    private static func parse(_ file: String) throws(Diagnostic) -> (Data, SourceText, ComposedDocument) {
        let data = try read(file)
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic("config.file-unreadable", at: nil, "pipeline file '\(file)' is not UTF-8 text. Save it as UTF-8")
        }
        let source = SourceText(text)
        let document = try YAMLComposer.compose(source, file: file)
        try PipelineDocumentReader.checkVersion(document.root, file: file, source: source)
        return (data, source, document)
    }

    /// The file's bytes, or a diagnostic saying how to get a readable file there.
    private static func read(_ file: String) throws(Diagnostic) -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
            throw Diagnostic("config.file-missing", at: nil, "pipeline file '\(file)' does not exist. Check the path, or create sluice.yaml (it starts with `version: 1`, then a `stages:` map)")
        }
        if isFolder.boolValue {
            throw Diagnostic("config.file-unreadable", at: nil, "'\(file)' is a folder, not a pipeline file. Name the file itself, e.g. \(file)/sluice.yaml")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw Diagnostic("config.file-unreadable", at: nil, "pipeline file '\(file)' cannot be read. Check its permissions")
        }
        return data
    }

    /// A pipeline without `name` is named after the folder that holds it.
    private static func defaultName(_ file: String) -> String {
        URL(fileURLWithPath: file).standardized.deletingLastPathComponent().lastPathComponent
    }
}
