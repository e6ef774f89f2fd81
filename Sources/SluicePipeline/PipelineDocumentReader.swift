import SluiceJSON
import SluiceSupport
/// Reads the top level of a pipeline file: `version` first, then `name`, `params`,
/// `plugins`, `stages` and `monitor`, checking each key's shape and collecting every problem.
package enum PipelineDocumentReader {
    package static let topLevelKeys = ["version", "name", "params", "plugins", "stages", "monitor", "compression"]
    package static let supportedVersion: Int64 = 1

    /// Checks `version: 1`. Anything else is the only error reported: a file written for
    /// another version may mean something else by every other key.
    package static func checkVersion(_ root: YAMLNode?, file: String, source: SourceText) throws(Diagnostic) {
        let report = DiagnosticCollector(file: file, source: source)
        guard let root, let pairs = root.pairs else {
            if let root, !root.isNull {
                report.error("config.wrong-type", at: root.position, "a pipeline file is a map of keys (version, name, params, plugins, stages), found \(root.summary). Start the file with `version: 1`, then `stages:`")
            } else {
                report.error("config.version", at: SourcePosition(line: 1, column: 1), "the file does not say which version it is written for; this sluice reads version 1. Add `version: 1` as the first line")
            }
            throw report.items[0]
        }
        guard let version = pairs.first(where: { $0.key == "version" }) else {
            report.error("config.version", at: root.position, "missing `version`; this sluice reads version 1. Add `version: 1` as the first line")
            throw report.items[0]
        }
        switch version.value.scalar?.typed {
        case .integer(supportedVersion)?:
            return
        case .integer(let number)?:
            report.error("config.version", at: YAMLNode.place(of: version), "unsupported version \(number): this sluice reads version 1. Write `version: 1`, or use a sluice that reads version \(number)")
        default:
            report.error("config.version", at: YAMLNode.place(of: version), "`version` must be the number 1, found \(version.value.summary): this sluice reads version 1. Write `version: 1`, without quotes")
        }
        throw report.items[0]
    }

    /// Everything but the version, which `checkVersion` has accepted.
    package static func read(_ root: YAMLNode, report: DiagnosticCollector) -> PipelineDocument {
        var document = PipelineDocument()
        var sawStages = false
        for pair in root.pairs ?? [] {
            switch pair.key {
            case "version":
                break
            case "name":
                document.name = readName(pair, report: report)
            case "params":
                document.params = readParams(pair, report: report)
            case "plugins":
                document.plugins = readPlugins(pair, report: report)
            case "monitor":
                document.monitor = MonitorSettingsReader.read(pair, report: report)
            case "compression":
                document.compression = StageDeclarationReader.readCompression(pair.value, at: YAMLNode.place(of: pair), stage: nil, report: report)
            case "stages":
                sawStages = true
                document.stages = readStages(pair, report: report)
            default:
                let hint = nearest(to: pair.key, in: topLevelKeys).map { "Did you mean '\($0)'?" }
                    ?? "The top level takes: \(topLevelKeys.joined(separator: ", "))"
                report.error("config.unknown-key", at: pair.keyPosition, "unknown top-level key '\(pair.key)'. \(hint)")
            }
        }
        if !sawStages {
            report.error("config.missing-key", at: root.position, "missing `stages`. Add a `stages:` map naming each stage and the plugin stage it uses, e.g. `stages: {load: {uses: sluice.csv/load}}`")
        }
        return document
    }

    private static func readName(_ pair: YAMLPair, report: DiagnosticCollector) -> String? {
        if pair.value.isNull { return nil }
        guard case .string(let name)? = pair.value.scalar?.typed, !name.isEmpty else {
            report.error("config.wrong-type", at: YAMLNode.place(of: pair), "`name` must be text, found \(pair.value.summary). Write it as text, e.g. name: house-prices")
            return nil
        }
        return name
    }

    private static func readParams(_ pair: YAMLPair, report: DiagnosticCollector) -> [String: JSONValue] {
        if pair.value.isNull { return [:] }
        guard let pairs = pair.value.pairs else {
            report.error("config.wrong-type", at: YAMLNode.place(of: pair), "`params` must be a map of names to values, found \(pair.value.summary). Write e.g. params: {seed: 42, alpha: 0.5}")
            return [:]
        }
        var params: [String: JSONValue] = [:]
        var converter = YAMLToJSON(report: report, stage: nil)
        for param in pairs {
            if !Names.isParamName(param.key) {
                report.error("config.bad-name", at: param.keyPosition, "param name '\(param.key)' cannot be used in ${params...}. Use a letter or '_', then letters, digits, '_' or '-'")
            }
            params[param.key] = converter.convert(param.value, position: YAMLNode.place(of: param))
        }
        return params
    }

    private static func readPlugins(_ pair: YAMLPair, report: DiagnosticCollector) -> [PluginEntry] {
        if pair.value.isNull { return [] }
        guard let items = pair.value.items else {
            report.error("config.wrong-type", at: YAMLNode.place(of: pair), "`plugins` must be a list of plugin folders or files, found \(pair.value.summary). Write e.g. plugins: [plugins-extra, ../shared/libacme.so]")
            return []
        }
        var entries: [PluginEntry] = []
        for item in items {
            if let pairs = item.pairs {
                entries += readPluginEntry(pairs, at: item.position, report: report).map { [$0] } ?? []
                continue
            }
            guard case .string(let path)? = item.scalar?.typed, !path.isEmpty else {
                report.error("config.wrong-type", at: item.position, "each `plugins` entry must be a path, found \(item.summary). Write the folder or .so file as text, or {path: ..., isolation: process}")
                continue
            }
            entries.append(PluginEntry(path: path, position: item.position))
        }
        return entries
    }

    /// The map form of a `plugins` entry: `{path: libacme.so, isolation: process}`.
    private static func readPluginEntry(_ pairs: [YAMLPair], at position: SourcePosition, report: DiagnosticCollector) -> PluginEntry? {
        var path: String?, isolation: StageIsolation?
        for pair in pairs {
            switch pair.key {
            case "path":
                guard case .string(let text)? = pair.value.scalar?.typed, !text.isEmpty else {
                    report.error("config.wrong-type", at: YAMLNode.place(of: pair), "`path` of a plugins entry must be the folder or .so file, found \(pair.value.summary)")
                    continue
                }
                path = text
            case "isolation":
                isolation = StageIsolationReader.readIsolation(pair.value, at: YAMLNode.place(of: pair), stage: nil, report: report)
            default:
                let hint = nearest(to: pair.key, in: ["path", "isolation"]).map { "Did you mean '\($0)'?" } ?? "A plugins entry takes: path, isolation"
                report.error("config.unknown-key", at: pair.keyPosition, "unknown key '\(pair.key)' in a plugins entry. \(hint)")
            }
        }
        guard let path else {
            report.error("config.missing-key", at: position, "a plugins entry written as a map needs `path`: the folder or .so file. Write e.g. {path: plugins/libacme.so, isolation: process}")
            return nil
        }
        return PluginEntry(path: path, position: position, isolation: isolation)
    }

    private static func readStages(_ pair: YAMLPair, report: DiagnosticCollector) -> [StageDeclaration] {
        guard let pairs = pair.value.pairs, !pairs.isEmpty else {
            let found = pair.value.pairs != nil ? "an empty map" : pair.value.summary
            report.error("config.wrong-type", at: YAMLNode.place(of: pair), "`stages` must be a map of stage names to stages, found \(found). Add at least one stage, e.g. `stages: {load: {uses: sluice.csv/load}}`")
            return []
        }
        return pairs.compactMap { StageDeclarationReader.read($0, report: report) }
    }
}

/// The rules for names written in a pipeline file.
package enum Names {
    /// `[A-Za-z][A-Za-z0-9_-]*`: no dots, which separate a stage from its port in `needs`.
    package static func isStageName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isLetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) || $0 == "_" || $0 == "-" }
    }

    /// Params are read as `${params.a.b}`, so their names cannot hold dots either.
    package static func isParamName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isLetter(first) || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) || $0 == "_" || $0 == "-" }
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }
}
