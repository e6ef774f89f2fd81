import Foundation
import SluiceEngine
import SluiceJSON
import SluiceMonitoring
import SluicePipeline
import SluiceStore
import SluiceSupport

/// What `sluice monitor` does when a check finds drift, as `monitor: {on_drift: ...}`
/// says: record an alert, call a webhook, start the training pipeline again. An action
/// that fails is reported and recorded; it never hides the drift (the exit code stays 8).
struct DriftActions {
    let context: MonitorContext
    /// True under --json: the retrain run prints nothing of its own.
    let quiet: Bool

    private var pipeline: Pipeline { context.pipeline }
    private var location: PipelineLocation { context.location }
    private var store: RunStore { context.store }

    struct Result {
        let action: String
        let ok: Bool
        let detail: String
        var run: String?

        var json: JSONValue {
            var members: [String: JSONValue] = ["action": .string(action), "ok": .bool(ok), "detail": .string(detail)]
            if let run { members["run"] = .string(run) }
            return .object(members)
        }
    }

    func perform(_ findings: DriftFindings) -> [Result] {
        pipeline.monitor.onDrift.map { action in
            let result: Result
            switch action {
            case .alert: result = alert(findings)
            case .webhook(let url): result = webhook(url, findings)
            case .retrain(let file): result = retrain(file, findings)
            }
            record(result, in: findings.runID)
            if !result.ok { printError("on_drift \(result.action) failed: \(result.detail)") }
            return result
        }
    }

    /// "drift in 2 of 10 feature(s) (bmi: psi, ks; age: ks) at stage drift, model diabetes".
    static func summary(_ findings: DriftFindings) -> String {
        findings.reports.filter { !$0.drifted.isEmpty }.map { report in
            let features = report.drifted.map { feature in
                "\(feature.column): \(feature.statistics.filter { $0.status == "drift" }.map(\.name).joined(separator: ", "))"
            }
            return "drift in \(report.drifted.count) of \(report.features.count) feature(s) (\(features.joined(separator: "; "))) at stage \(report.stage)"
                + (report.model.map { ", model \($0)" } ?? "")
        }.joined(separator: "; ")
    }

    private func alert(_ findings: DriftFindings) -> Result {
        let message = Self.summary(findings)
        printError("ALERT \(pipeline.name): \(message)")
        return Result(action: "alert", ok: true, detail: message)
    }

    private func webhook(_ url: String, _ findings: DriftFindings) -> Result {
        let payload = JSONValue.object([
            "event": .string("drift_detected"),
            "pipeline": .string(pipeline.name),
            "file": .string(location.relativePath),
            "project": .string(location.projectDirectory),
            "run": .string(findings.runID),
            "time": .string(ISO8601DateFormatter().string(from: Date())),
            "summary": .string(Self.summary(findings)),
            "reports": .array(findings.reports.map { report in
                .object([
                    "stage": .string(report.stage),
                    "model": report.model.map(JSONValue.string) ?? .null,
                    "reference_rows": .integer(Int64(report.referenceRows)),
                    "current_rows": .integer(Int64(report.currentRows)),
                    "drifted_features": .array(report.drifted.map { .string($0.column) }),
                    "features": .array(report.features.map { feature in
                        .object([
                            "column": .string(feature.column),
                            "status": .string(feature.status),
                            "statistics": .object(Dictionary(uniqueKeysWithValues: feature.statistics.map { statistic in
                                (statistic.name, JSONValue.object([
                                    "value": statistic.value.map(JSONValue.number) ?? .null,
                                    "threshold": statistic.threshold.map(JSONValue.number) ?? .null,
                                    "status": .string(statistic.status),
                                ]))
                            })),
                        ])
                    }),
                ])
            }),
        ])
        do {
            let status = try Webhook(url: url).post(Data(payload.canonicalText.utf8))
            return Result(action: "webhook", ok: true, detail: "\(url) answered HTTP \(status)")
        } catch {
            return Result(action: "webhook", ok: false, detail: error.description)
        }
    }

    private func retrain(_ file: String?, _ findings: DriftFindings) -> Result {
        do {
            let (training, target, runLocation) = try trainingPipeline(file)
            if let waiting = try store.pendingApprovals().first(where: { $0.run.pipeline == training.name }) {
                return Result(action: "retrain", ok: true,
                              detail: "skipped: run \(waiting.run.id) of '\(training.name)' is still waiting for approval at stage '\(waiting.stage)' (sluice approve \(waiting.run.id) \(waiting.stage) --by NAME, or reject it)",
                              run: waiting.run.id)
            }
            if !quiet { printError("on_drift retrain: running \(runLocation.relativePath)\(target.isEmpty ? "" : " (stages: \(target.joined(separator: ", ")))")") }
            let options = ExecutionOptions(jobs: context.jobs, targets: target, projectDirectory: runLocation.projectDirectory,
                                           overrides: file == nil ? context.overrides : [])
            let outcome = try RunSession(json: false, quiet: true, report: !quiet).execute(
                training, location: runLocation, store: store, objects: context.objects, options: options
            ) { executor in try executor.run() }
            let ok = [.succeeded, .awaitingApproval].contains(outcome.status)
            return Result(action: "retrain", ok: ok, detail: "training run \(outcome.runID) ended \(outcome.status.rawValue)", run: outcome.runID)
        } catch let error as SluiceError {
            return Result(action: "retrain", ok: false, detail: error.description)
        } catch let diagnostics as Diagnostics {
            return Result(action: "retrain", ok: false, detail: diagnostics.description)
        } catch {
            return Result(action: "retrain", ok: false, detail: "\(error)")
        }
    }

    /// This pipeline's training stages, or the whole of another pipeline file.
    private func trainingPipeline(_ file: String?) throws -> (Pipeline, [String], PipelineLocation) {
        guard let file else {
            guard !context.plan.training.isEmpty else {
                throw SluiceError(.monitorNoTraining, at: location.file,
                                  "on_drift retrain: every stage of this pipeline is a monitor or only feeds one, so there is nothing to retrain. Name the training pipeline: on_drift: [{retrain: train.yaml}]")
            }
            return (pipeline, context.plan.training, location)
        }
        let path = file.hasPrefix("/") ? file : location.projectDirectory + "/" + file
        let other = PipelineLocation(path)
        return (try other.load(overrides: [], pluginPaths: context.pluginPaths), [], other)
    }

    private func record(_ result: Result, in runID: String) {
        let event = EventRecord(stage: "", time: Date(), level: result.ok ? (result.action == "alert" ? "alert" : "info") : "error",
                                message: "on_drift \(result.action): \(result.detail)")
        do { try store.append(runID, metrics: [], events: [event], params: []) } catch {
            printError("cannot record the on_drift \(result.action) event in run \(runID): \(error)")
        }
    }
}
