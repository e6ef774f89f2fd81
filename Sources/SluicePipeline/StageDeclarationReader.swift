import SluiceArrow
import SluiceSupport
/// Reads one stage under `stages:`: every key's shape, with a suggestion for each key it
/// does not know.
package enum StageDeclarationReader {
    package static let keys = ["uses", "needs", "with", "approval", "timeout", "retries", "cache", "deps", "outs", "compression", "isolation", "resources", "max_output", "description"]

    package static func read(_ pair: YAMLPair, report: DiagnosticCollector) -> StageDeclaration? {
        let name = pair.key
        if !Names.isStageName(name) {
            report.error("config.bad-name", at: pair.keyPosition, "stage name '\(name)' is not valid. Start it with a letter and use only letters, digits, '_' and '-'")
        }
        guard let pairs = pair.value.pairs else {
            report.error("config.wrong-type", at: YAMLNode.place(of: pair), stage: name, "a stage must be a map, found \(pair.value.summary). Write e.g. `\(name): {uses: plugin-id/stage-id}`")
            return nil
        }
        var stage = StageDeclaration(name: name, position: pair.keyPosition)
        for entry in pairs {
            let value = entry.value
            let place = YAMLNode.place(of: entry)
            switch entry.key {
            case "uses":
                stage.usesPosition = place
                stage.uses = readUses(value, at: place, stage: name, report: report)
            case "needs":
                stage.needsPosition = entry.keyPosition
                (stage.needs, stage.needsReadable) = NeedsReader.read(value, at: place, stage: name, report: report)
            case "with":
                stage.withPosition = entry.keyPosition
                if value.isNull { break }
                if value.pairs == nil {
                    report.error("config.wrong-type", at: place, stage: name, "`with` must be a map of the stage's config fields, found \(value.summary). Write e.g. with: {path: data.csv}")
                } else {
                    stage.with = value
                }
            case "approval":
                if value.isNull { break }
                switch value.scalar?.typed {
                case .string("manual"): stage.approval = .manual
                case .string("none"): stage.approval = .none
                default:
                    report.error("config.wrong-type", at: place, stage: name, "`approval` must be manual or none, found \(value.summary). Write approval: manual to wait for a person before the stage starts")
                }
            case "timeout":
                if value.isNull { break }
                stage.timeout = readTimeout(value, at: place, stage: name, report: report)
            case "retries":
                if value.isNull { break }
                stage.retries = readRetries(value, at: place, stage: name, report: report)
            case "cache":
                switch value.scalar?.typed {
                case .bool(let flag)?: stage.cache = flag
                default:
                    report.error("config.wrong-type", at: place, stage: name, "`cache` must be true or false, found \(value.summary). Write cache: false to run the stage every time")
                }
            case "deps":
                stage.deps = readPaths(value, key: "deps", at: place, stage: name, report: report)
            case "outs":
                stage.outs = readPaths(value, key: "outs", at: place, stage: name, report: report)
            case "compression":
                stage.compression = .some(readCompression(value, at: place, stage: name, report: report))
            case "description":
                if value.scalar == nil {
                    report.error("config.wrong-type", at: place, stage: name, "`description` must be text, found \(value.summary). Write it as one string")
                }
            case "isolation":
                stage.isolation = StageIsolationReader.readIsolation(value, at: place, stage: name, report: report)
            case "resources":
                stage.resources = StageIsolationReader.readResources(value, at: place, stage: name, report: report)
            case "max_output":
                stage.maxOutput = StageIsolationReader.readSize(value, key: "max_output", at: place, stage: name, report: report)
            default:
                let suggestion = nearest(to: entry.key, in: keys)
                if suggestion == "needs" { stage.needsReadable = false }
                let hint = suggestion.map { "Did you mean '\($0)'?" } ?? "A stage takes: \(keys.joined(separator: ", "))"
                report.error("config.unknown-key", at: entry.keyPosition, stage: name, "unknown key '\(entry.key)'. \(hint)")
            }
        }
        if stage.usesPosition == nil {
            report.error("config.missing-key", at: pair.keyPosition, stage: name, "missing `uses`. Add `uses: plugin-id/stage-id` naming the plugin stage to run (`sluice plugins list` shows them)")
        }
        return stage
    }

    /// `compression: zstd | lz4 | none`, at the top level or on a stage: how the tables a
    /// stage outputs are stored (Arrow IPC body compression). Nil for none or a mistake.
    package static func readCompression(_ value: YAMLNode, at place: SourcePosition, stage: String?, report: DiagnosticCollector) -> ArrowIPCCompression? {
        let names = ["zstd", "lz4", "none"]
        guard case .string(let name)? = value.scalar?.typed, name == "none" || ArrowIPCCompression(name: name) != nil else {
            var hint = ""
            if case .string(let text)? = value.scalar?.typed, let near = nearest(to: text, in: names) { hint = " Did you mean '\(near)'?" }
            report.error("config.wrong-type", at: place, stage: stage,
                         "`compression` must be zstd, lz4 or none, found \(value.summary).\(hint) Write compression: zstd to store output tables compressed (smaller objects; reading them decompresses instead of mapping the file)")
            return nil
        }
        return ArrowIPCCompression(name: name)
    }

    /// A list of project-relative file or folder paths (`deps`, `outs`).
    private static func readPaths(_ value: YAMLNode, key: String, at place: SourcePosition, stage: String, report: DiagnosticCollector) -> [String] {
        let fix = "Write a list of paths relative to the pipeline's folder, e.g. \(key): [data/raw.csv, src/]"
        guard let items = value.items else {
            report.error("config.wrong-type", at: place, stage: stage, "`\(key)` must be a list of paths, found \(value.summary). \(fix)")
            return []
        }
        var paths: [String] = []
        for item in items {
            guard case .string(let path)? = item.scalar?.typed, !path.isEmpty else {
                report.error("config.wrong-type", at: item.position, stage: stage, "each entry of `\(key)` must be a path, found \(item.summary). \(fix)")
                continue
            }
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                report.error("config.bad-value", at: item.position, stage: stage, "`\(key)` entry '\(path)' leaves the project folder. Use a path inside it, relative to the pipeline file")
                continue
            }
            paths.append(path.hasSuffix("/") ? String(path.dropLast()) : path)
        }
        return paths
    }

    private static func readUses(_ value: YAMLNode, at place: SourcePosition, stage: String, report: DiagnosticCollector) -> String? {
        guard case .string(let uses)? = value.scalar?.typed else {
            report.error("config.wrong-type", at: place, stage: stage, "`uses` must be text like plugin-id/stage-id, found \(value.summary). Write e.g. uses: sluice.csv/load")
            return nil
        }
        guard let slash = uses.lastIndex(of: "/"), slash != uses.startIndex, uses.index(after: slash) != uses.endIndex else {
            report.error("config.wrong-type", at: place, stage: stage, "`uses` names a stage as plugin-id/stage-id, found '\(uses)'. Write e.g. uses: sluice.csv/load")
            return nil
        }
        return uses
    }

    private static func readTimeout(_ value: YAMLNode, at place: SourcePosition, stage: String, report: DiagnosticCollector) -> Double? {
        let fix = "Write a number of seconds or a duration such as 30s, 5m, 1h30m or 250ms"
        let seconds: Double?
        switch value.scalar?.typed {
        case .integer(let number)?: seconds = Double(number)
        case .float(let number)?: seconds = number
        case .string(let text)?:
            guard let parsed = DurationText.seconds(text) else {
                report.error("config.wrong-type", at: place, stage: stage, "`timeout` '\(text)' is not a duration. \(fix)")
                return nil
            }
            seconds = parsed
        default:
            report.error("config.wrong-type", at: place, stage: stage, "`timeout` must be a duration, found \(value.summary). \(fix)")
            return nil
        }
        guard let seconds, seconds.isFinite, seconds > 0 else {
            report.error("config.bad-value", at: place, stage: stage, "`timeout` must be more than zero, found \(value.scalar?.text ?? ""). \(fix), or remove it for no limit")
            return nil
        }
        return seconds
    }

    private static func readRetries(_ value: YAMLNode, at place: SourcePosition, stage: String, report: DiagnosticCollector) -> Int {
        guard case .integer(let count)? = value.scalar?.typed else {
            report.error("config.wrong-type", at: place, stage: stage, "`retries` must be a whole number from 0 to 100, found \(value.summary). Write e.g. retries: 2")
            return 0
        }
        guard (0...100).contains(count) else {
            report.error("config.bad-value", at: place, stage: stage, "`retries` must be from 0 to 100, found \(count). Write a number in that range")
            return 0
        }
        return Int(count)
    }
}
