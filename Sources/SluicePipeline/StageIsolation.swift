import SluiceSupport

/// Where a stage's plugin code runs: in the sluice process, or in a child `sluice
/// worker` that a crash, `exit` or hang takes down alone (`isolation: process`).
package enum StageIsolation: String, Sendable, Equatable {
    case none
    case process
}

/// What a stage may use (`resources:`), honoured on this machine by a worker: memory
/// (resident bytes; over it the worker is killed), CPU time (seconds, RLIMIT_CPU), and
/// how many CPUs it runs on (its affinity).
package struct StageResources: Sendable, Equatable {
    package var cpus: Int?
    package var memory: Int?
    package var time: Double?

    package init(cpus: Int? = nil, memory: Int? = nil, time: Double? = nil) {
        self.cpus = cpus
        self.memory = memory
        self.time = time
    }

    /// Memory and time can only be enforced on a process of the stage's own.
    package var needsWorker: Bool { memory != nil || time != nil }
}

/// Reads `isolation`, `resources` and `max_output`, on a stage and (isolation) on a
/// `plugins:` entry.
package enum StageIsolationReader {
    package static let resourceKeys = ["cpus", "memory", "time"]

    package static func readIsolation(_ value: YAMLNode, at place: SourcePosition, stage: String?, report: DiagnosticCollector) -> StageIsolation? {
        guard case .string(let text)? = value.scalar?.typed, let isolation = StageIsolation(rawValue: text) else {
            var hint = ""
            if case .string(let text)? = value.scalar?.typed, let near = nearest(to: text, in: ["process", "none"]) { hint = " Did you mean '\(near)'?" }
            report.error("config.wrong-type", at: place, stage: stage,
                         "`isolation` must be process or none, found \(value.summary).\(hint) Write isolation: process to run the plugin in a worker process of its own, so that a crash or hang fails only this stage")
            return nil
        }
        return isolation
    }

    package static func readResources(_ value: YAMLNode, at place: SourcePosition, stage: String, report: DiagnosticCollector) -> StageResources {
        var resources = StageResources()
        guard let pairs = value.pairs else {
            report.error("config.wrong-type", at: place, stage: stage, "`resources` must be a map, found \(value.summary). Write e.g. resources: {cpus: 2, memory: 4GiB, time: 30m}")
            return resources
        }
        for entry in pairs {
            let at = YAMLNode.place(of: entry)
            switch entry.key {
            case "cpus":
                guard case .integer(let count)? = entry.value.scalar?.typed, count >= 1, count <= 4096 else {
                    report.error("config.wrong-type", at: at, stage: stage, "`resources.cpus` must be a whole number of CPUs of at least 1, found \(entry.value.summary). Write e.g. cpus: 2")
                    continue
                }
                resources.cpus = Int(count)
            case "memory":
                resources.memory = readSize(entry.value, key: "resources.memory", at: at, stage: stage, report: report)
            case "time":
                let fix = "Write the CPU time the stage may use as a duration such as 90s, 30m or 2h"
                switch entry.value.scalar?.typed {
                case .integer(let seconds)? where seconds > 0: resources.time = Double(seconds)
                case .float(let seconds)? where seconds > 0: resources.time = seconds
                case .string(let text)?:
                    guard let seconds = DurationText.seconds(text), seconds > 0 else {
                        report.error("config.wrong-type", at: at, stage: stage, "`resources.time` '\(text)' is not a duration. \(fix)")
                        continue
                    }
                    resources.time = seconds
                default:
                    report.error("config.wrong-type", at: at, stage: stage, "`resources.time` must be a duration above zero, found \(entry.value.summary). \(fix)")
                }
            default:
                let hint = nearest(to: entry.key, in: resourceKeys).map { "Did you mean '\($0)'?" } ?? "resources takes: \(resourceKeys.joined(separator: ", "))"
                report.error("config.unknown-key", at: entry.keyPosition, stage: stage, "unknown key '\(entry.key)' in resources. \(hint)")
            }
        }
        return resources
    }

    /// A size such as 512MiB, 2 GiB, 1.5GB or a number of bytes.
    package static func readSize(_ value: YAMLNode, key: String, at place: SourcePosition, stage: String, report: DiagnosticCollector) -> Int? {
        let fix = "Write a size such as 512MiB, 2GiB or 1.5GB"
        switch value.scalar?.typed {
        case .integer(let bytes)? where bytes > 0: return Int(bytes)
        case .string(let text)?:
            guard let bytes = ByteCount.parse(text), bytes > 0 else {
                report.error("config.wrong-type", at: place, stage: stage, "`\(key)` '\(text)' is not a size. \(fix)")
                return nil
            }
            return bytes
        default:
            report.error("config.wrong-type", at: place, stage: stage, "`\(key)` must be a size above zero, found \(value.summary). \(fix)")
            return nil
        }
    }
}
