import Foundation
import SluiceJSON
import SluicePipeline
import SluiceStore
import SluiceSupport

/// Text and JSON forms of runs and plans.
enum RunReport {
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    static func duration(_ seconds: TimeInterval) -> String {
        if seconds < 1 { return String(format: "%.0fms", seconds * 1000) }
        if seconds < 60 { return String(format: "%.2fs", seconds) }
        return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6g", value)
    }

    /// "accuracy=0.91 loss=0.2" from the latest value of each metric.
    static func keyMetrics(_ detail: RunDetail, stage: String? = nil, limit: Int) -> String {
        keyMetrics(detail.latestMetrics, stage: stage, limit: limit)
    }

    static func keyMetrics(_ latest: [(stage: String, name: String, value: Double)], stage: String? = nil, limit: Int) -> String {
        let metrics = latest.filter { stage == nil || $0.stage == stage }
        let shown = metrics.prefix(limit).map { "\($0.name)=\(number($0.value))" }
        return (shown + (metrics.count > limit ? ["+\(metrics.count - limit)"] : [])).joined(separator: " ")
    }

    /// The plan `--dry-run` prints: stages in the order they can start, with their wiring.
    static func plan(_ pipeline: Pipeline, selected: [PipelineStage]) -> String {
        let names = Set(selected.map(\.name))
        var level: [String: Int] = [:]
        for stage in selected {  // stages are listed after everything they need once resolved in order
            level[stage.name] = (stage.dependencies.filter(names.contains).compactMap { level[$0] }.max() ?? -1) + 1
        }
        var lines = ["plan for '\(pipeline.name)' (\(pipeline.file)): \(selected.count) stage(s)"]
        for stage in selected.sorted(by: { (level[$0.name] ?? 0, $0.name) < (level[$1.name] ?? 0, $1.name) }) {
            var line = "  [\(level[stage.name] ?? 0)] \(stage.name)  \(stage.uses)"
            if !stage.dependencies.isEmpty { line += "  after: " + stage.dependencies.joined(separator: ", ") }
            if !stage.inputs.isEmpty { line += "  inputs: " + stage.inputs.sorted { $0.key < $1.key }.map { "\($0.key)<-\($0.value)" }.joined(separator: ", ") }
            if stage.approval == .manual { line += "  (manual approval)" }
            if let timeout = stage.timeout { line += "  timeout \(duration(timeout))" }
            if stage.retries > 0 { line += "  retries \(stage.retries)" }
            lines.append(line)
            lines.append("      with: " + stage.config.canonicalText)
        }
        return lines.joined(separator: "\n")
    }

    static func summaryTable(_ outline: RunOutline) -> String {
        var rows = [["STAGE", "STATUS", "TIME", "METRICS"]]
        for stage in outline.stages {
            rows.append([stage.stage, RunDisplay.label(stage.status), stage.duration.map(duration) ?? "-", keyMetrics(outline.latestMetrics, stage: stage.stage, limit: 4)])
        }
        return formatTable(rows)
    }

    static func closingLine(_ outline: RunOutline) -> String {
        let run = outline.summary
        let took = run.duration.map { " in \(duration($0))" } ?? ""
        switch run.status {
        case .awaitingApproval:
            let waiting = outline.stages.filter { $0.status == .awaitingApproval }.map(\.stage)
            return "run \(run.id) is waiting for approval of \(waiting.joined(separator: ", ")): sluice approve \(run.id) \(waiting.first ?? "STAGE") --by NAME, then sluice resume \(run.id)"
        default:
            return "run \(run.id) \(run.status.rawValue)\(took)"
        }
    }

    static func show(_ detail: RunDetail) -> String {
        let run = detail.summary
        var out = ["run \(run.id)", "  pipeline:  \(run.pipeline) (\(run.pipelineFile), \(run.pipelineDigest.prefix(19))…)",
                   "  status:    \(run.status.rawValue)" + (run.error.map { " (\($0))" } ?? ""),
                   "  started:   \(timestamp(run.startedAt))" + (run.duration.map { ", took \(duration($0))" } ?? ""),
                   "  sluice:    \(run.hostVersion)"]
        if let commit = run.gitCommit { out.append("  git:       \(commit)\(run.gitDirty == true ? " (uncommitted changes)" : "")") }
        if !run.overrides.isEmpty { out.append("  --set:     \(run.overrides.joined(separator: " "))") }
        if !detail.params.isEmpty {
            out.append("\nparams")
            out.append(contentsOf: detail.params.sorted { $0.key < $1.key }.map { "  \($0.key) = \($0.value)" })
        }
        out.append("\nstages")
        var rows = [["  STAGE", "USES", "STATUS", "ATTEMPTS", "TIME"]]
        for stage in detail.stages {
            rows.append(["  " + stage.stage, "\(stage.uses) \(stage.pluginVersion)", RunDisplay.label(stage.status), String(stage.attempts), stage.duration.map(duration) ?? "-"])
        }
        out.append(formatTable(rows))
        for stage in detail.stages {
            if let error = stage.error { out.append("  \(stage.stage): \(error)") }
            if let source = stage.reusedFrom {
                out.append("  \(stage.stage): reused from \(source.runID)" + (source.stage == stage.stage ? "" : " (stage \(source.stage))"))
            }
        }
        if !detail.stageParams.isEmpty {
            out.append("\nstage params")
            out.append(contentsOf: detail.stageParams.map { "  \($0.stage).\($0.name) = \($0.value)" + reused($0.reusedFrom) })
        }
        if !detail.metrics.isEmpty {
            out.append("\nmetrics (latest value)")
            out.append(contentsOf: detail.latestMetrics.map { "  \($0.stage).\($0.name) = \(number($0.value))" + reused(detail.reusedFrom(stage: $0.stage)) })
        }
        if !detail.artifacts.isEmpty {
            out.append("\nartifacts")
            out.append(formatTable(detail.artifacts.map { ["  \($0.stage).\($0.name)", $0.role.rawValue, $0.digest, "\($0.size) B", $0.mediaType] }))
        }
        if !detail.lineage.isEmpty {
            out.append("\nlineage")
            out.append(contentsOf: detail.lineage.map { "  \($0.stage).\($0.inputPort) <- \($0.sourceStage).\($0.sourcePort) (\($0.digest.prefix(19))…)" })
        }
        if !detail.approvals.isEmpty {
            out.append("\napprovals")
            out.append(contentsOf: detail.approvals.map { "  \(timestamp($0.time))  \($0.stage) \($0.decision.rawValue) by \($0.by)" + ($0.note.isEmpty ? "" : ": \($0.note)") })
        }
        if !detail.events.isEmpty {
            out.append("\nlogs")
            out.append(contentsOf: detail.events.map { "  \(timestamp($0.time)) \($0.stage.isEmpty ? "run" : $0.stage) \($0.level): \($0.message)" })
        }
        return out.joined(separator: "\n")
    }

    /// " (reused from RUN)" after a value a cached stage shows from the run it reused.
    private static func reused(_ run: String?) -> String {
        run.map { " (reused from \($0))" } ?? ""
    }

    static func json(_ detail: RunDetail, full: Bool = true) -> JSONValue {
        let run = detail.summary
        var fields: [String: JSONValue] = [
            "id": .string(run.id), "pipeline": .string(run.pipeline), "pipeline_file": .string(run.pipelineFile),
            "pipeline_digest": .string(run.pipelineDigest), "status": .string(run.status.rawValue),
            "started_at": .string(ISO8601DateFormatter().string(from: run.startedAt)),
            "ended_at": run.endedAt.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null,
            "duration_seconds": run.duration.map(JSONValue.number) ?? .null,
            "exit_code": .integer(Int64(ExitStatus(run.status).rawValue)),
            "sluice_version": .string(run.hostVersion),
            "git_commit": run.gitCommit.map(JSONValue.string) ?? .null,
            "git_dirty": run.gitDirty.map(JSONValue.bool) ?? .null,
            "metrics": .object(Dictionary(detail.latestMetrics.map { ("\($0.stage).\($0.name)", JSONValue.number($0.value)) }, uniquingKeysWith: { $1 })),
        ]
        guard full else { return .object(fields) }
        fields["overrides"] = .array(run.overrides.map(JSONValue.string))
        fields["params"] = .object(detail.params.mapValues { (try? JSONValue.parse($0)) ?? .string($0) })
        fields["stages"] = .array(detail.stages.map { stage in
            .object([
                "name": .string(stage.stage), "uses": .string(stage.uses), "plugin_version": .string(stage.pluginVersion),
                "plugin_build": .string(stage.pluginBuild), "status": .string(stage.status.rawValue), "attempts": .integer(Int64(stage.attempts)),
                "duration_seconds": stage.duration.map(JSONValue.number) ?? .null, "error": stage.error.map(JSONValue.string) ?? .null,
                "error_code": stage.errorCode.map(JSONValue.string) ?? .null, "config": (try? JSONValue.parse(stage.config)) ?? .null,
                "plugin_digest": stage.pluginDigest.map(JSONValue.string) ?? .null,
                "reused_from": stage.reusedFrom.map { .object(["run": .string($0.runID), "stage": .string($0.stage)]) } ?? .null,
            ])
        })
        fields["stage_params"] = .array(detail.stageParams.map { param in
            .object(["stage": .string(param.stage), "name": .string(param.name), "value": (try? JSONValue.parse(param.value)) ?? .string(param.value),
                     "reused_from": param.reusedFrom.map(JSONValue.string) ?? .null])
        })
        fields["metric_values"] = .array(detail.metrics.map { metric in
            .object(["stage": .string(metric.stage), "name": .string(metric.name), "value": .number(metric.value),
                     "step": metric.step.map(JSONValue.integer) ?? .null, "reused_from": metric.reusedFrom.map(JSONValue.string) ?? .null])
        })
        fields["artifacts"] = .array(detail.artifacts.map { artifact in
            .object(["stage": .string(artifact.stage), "name": .string(artifact.name), "role": .string(artifact.role.rawValue),
                     "digest": .string(artifact.digest), "media_type": .string(artifact.mediaType), "size": .integer(Int64(artifact.size))])
        })
        fields["lineage"] = .array(detail.lineage.map { edge in
            .object(["stage": .string(edge.stage), "input": .string(edge.inputPort), "from_stage": .string(edge.sourceStage),
                     "from_port": .string(edge.sourcePort), "digest": .string(edge.digest)])
        })
        fields["approvals"] = .array(detail.approvals.map { approval in
            .object(["stage": .string(approval.stage), "decision": .string(approval.decision.rawValue), "by": .string(approval.by),
                     "note": .string(approval.note), "time": .string(ISO8601DateFormatter().string(from: approval.time))])
        })
        fields["logs"] = .array(detail.events.map { event in
            .object(["stage": .string(event.stage), "level": .string(event.level), "message": .string(event.message),
                     "time": .string(ISO8601DateFormatter().string(from: event.time))])
        })
        return .object(fields)
    }
}

/// Several runs' params and metrics side by side.
struct RunComparison {
    let details: [RunDetail]

    init(_ details: [RunDetail]) {
        self.details = details
    }

    private var paramNames: [String] { Set(details.flatMap(\.params.keys)).sorted() }
    private var metricNames: [String] {
        var seen: [String] = []
        for detail in details {
            for metric in detail.latestMetrics where !seen.contains("\(metric.stage).\(metric.name)") { seen.append("\(metric.stage).\(metric.name)") }
        }
        return seen
    }

    private func metric(_ detail: RunDetail, _ key: String) -> Double? {
        detail.latestMetrics.first { "\($0.stage).\($0.name)" == key }?.value
    }

    /// The run a metric or stage param (`stage.name`) was reused from in this run, if any.
    private func reusedFrom(_ detail: RunDetail, _ key: String) -> JSONValue {
        guard let stage = key.split(separator: ".", maxSplits: 1).first,
              let run = detail.reusedFrom(stage: String(stage)) else { return .null }
        return .string(run)
    }

    /// Stage params by `stage.name`, in first-seen order; a cached stage shows the ones
    /// of the run it reused, as its metrics.
    private var stageParamNames: [String] {
        var seen: [String] = []
        for detail in details {
            for param in detail.stageParams where !seen.contains("\(param.stage).\(param.name)") { seen.append("\(param.stage).\(param.name)") }
        }
        return seen
    }

    private func stageParam(_ detail: RunDetail, _ key: String) -> String? {
        detail.stageParams.first { "\($0.stage).\($0.name)" == key }?.value
    }

    var table: String {
        var rows = [["", ""] + details.map(\.summary.id)]
        rows.append(["", "status"] + details.map(\.summary.status.rawValue))
        for name in paramNames {
            let values = details.map { $0.params[name] ?? "-" }
            rows.append([Set(values).count > 1 ? "*" : "", "param " + name] + values)
        }
        for name in stageParamNames {
            let values = details.map { stageParam($0, name) ?? "-" }
            rows.append([Set(values).count > 1 ? "*" : "", "stage param " + name] + values)
        }
        for name in metricNames {
            let values = details.map { metric($0, name).map(RunReport.number) ?? "-" }
            rows.append([Set(values).count > 1 ? "*" : "", "metric " + name] + values)
        }
        var notes = ["(* = differs between runs)"]
        for detail in details {
            let reused = detail.stages.compactMap { stage in stage.reusedFrom.map { "\(stage.stage) from \($0.runID)" } }
            if !reused.isEmpty { notes.append("\(detail.summary.id): reused \(reused.joined(separator: ", "))") }
        }
        return formatTable(rows) + "\n" + notes.joined(separator: "\n")
    }

    var json: JSONValue {
        .object([
            "runs": .array(details.map { .string($0.summary.id) }),
            "params": .object(Dictionary(uniqueKeysWithValues: paramNames.map { name in
                let values = details.map { detail in detail.params[name].map { (try? JSONValue.parse($0)) ?? .string($0) } ?? .null }
                return (name, JSONValue.object(["values": .array(values), "differs": .bool(Set(values.map(\.canonicalText)).count > 1)]))
            })),
            "stage_params": .object(Dictionary(uniqueKeysWithValues: stageParamNames.map { name in
                let values = details.map { detail in stageParam(detail, name).map { (try? JSONValue.parse($0)) ?? .string($0) } ?? .null }
                return (name, JSONValue.object(["values": .array(values), "differs": .bool(Set(values.map(\.canonicalText)).count > 1),
                                                "reused_from": .array(details.map { reusedFrom($0, name) })]))
            })),
            "metrics": .object(Dictionary(uniqueKeysWithValues: metricNames.map { name in
                let values = details.map { metric($0, name).map(JSONValue.number) ?? .null }
                return (name, JSONValue.object(["values": .array(values), "differs": .bool(Set(values.map(\.canonicalText)).count > 1),
                                                "reused_from": .array(details.map { reusedFrom($0, name) })]))
            })),
        ])
    }
}

/// Module-level helpers, named where a local name would shadow them.
enum SluiceCLI {
    static func table(_ rows: [[String]]) -> String { sluice.formatTable(rows) }
}
