import Foundation
import SluiceEngine
import SluicePipeline
import SluiceStore
import SluiceSupport

/// What a monitor does when a check finds drift, as `monitor: {on_drift: ...}` says:
/// record an alert, call a webhook, start the training pipeline again, each in the
/// order written. An action that fails is reported and recorded, and the next one
/// still runs: one broken receiver must not stop a retrain.
package struct DriftActions {
    package let context: MonitorContext
    package let host: any MonitorHost

    package init(context: MonitorContext, host: any MonitorHost) {
        self.context = context
        self.host = host
    }

    /// Performs every action of `on_drift` for `findings`, recording each as an event
    /// of the check's run.
    package func perform(_ findings: DriftFindings) -> [DriftActionResult] {
        context.pipeline.monitor.onDrift.map { action in
            var result: DriftActionResult
            switch action {
            case .alert: result = DriftActionResult(action, ok: true, detail: findings.summary)
            case .webhook(let url): result = webhook(url, findings)
            case .retrain(let file): result = retrain(file)
            }
            result.unrecorded = record(result, in: findings.runID)
            host.performed(result)
            return result
        }
    }

    private func webhook(_ url: String, _ findings: DriftFindings) -> DriftActionResult {
        let action = MonitorSettings.Action.webhook(url: url)
        let payload = DriftWebhookPayload(findings: findings, pipeline: context.pipeline.name, location: context.location)
        do {
            let status = try Webhook(url: url).post(Data(payload.json.canonicalText.utf8))
            return DriftActionResult(action, ok: true, detail: "\(url) answered HTTP \(status)")
        } catch {
            return DriftActionResult(action, ok: false, detail: error.description)
        }
    }

    private func retrain(_ file: String?) -> DriftActionResult {
        let action = MonitorSettings.Action.retrain(pipeline: file)
        do {
            let target = try RetrainTarget(file, of: context)
            let training = target.pipeline.name
            // A candidate waiting for approval would be joined by another one per check.
            if let waiting = try context.store.pendingApprovals().first(where: { $0.run.pipeline == training }) {
                return DriftActionResult(action, ok: true,
                                         detail: "skipped: run \(waiting.run.id) of '\(training)' is still waiting for approval at stage '\(waiting.stage)' (sluice approve \(waiting.run.id) \(waiting.stage) --by NAME, or reject it)",
                                         run: waiting.run.id)
            }
            let options = ExecutionOptions(jobs: context.jobs, targets: target.stages, projectDirectory: target.location.projectDirectory,
                                           overrides: target.overrides)
            let outcome = try host.run(target.pipeline, at: target.location, options: options, for: .retrain)
            let ok = [.succeeded, .awaitingApproval].contains(outcome.status)
            return DriftActionResult(action, ok: ok, detail: "training run \(outcome.runID) ended \(outcome.status.rawValue)", run: outcome.runID)
        } catch let error as SluiceError {
            return DriftActionResult(action, ok: false, detail: error.description)
        } catch let diagnostics as Diagnostics {
            return DriftActionResult(action, ok: false, detail: diagnostics.description)
        } catch {
            return DriftActionResult(action, ok: false, detail: "\(error)")
        }
    }

    /// Nil when recorded, else why not: a store that cannot take the event must not
    /// undo the action.
    private func record(_ result: DriftActionResult, in runID: String) -> String? {
        do {
            try context.store.append(runID, metrics: [], events: [result.event(at: Date())], params: [])
            return nil
        } catch {
            return "cannot record the on_drift \(result.name) event in run \(runID): \(error)"
        }
    }
}
