import Foundation
import SluiceEngine
import SluiceJSON
import SluiceMonitoring
import SluiceStore
import SluiceSupport

/// One check of `sluice monitor`: runs the monitoring stages as a recorded run, prints
/// the drift tables, and on drift performs the pipeline's `on_drift` actions.
struct MonitorCheck {
    let context: MonitorContext
    let quiet: Bool
    let json: Bool
    /// With --every: one compact JSON line per check rather than one pretty document.
    let jsonLines: Bool

    func run() throws -> ExitStatus {
        let options = ExecutionOptions(jobs: context.jobs, targets: context.plan.monitors, projectDirectory: context.location.projectDirectory,
                                       overrides: context.overrides)
        let outcome = try RunSession(json: json, quiet: quiet || json, report: false).execute(
            context.pipeline, location: context.location, store: context.store, objects: context.objects, options: options
        ) { executor in try executor.run() }
        let findings = try DriftFindings.read(runID: outcome.runID, store: context.store, objects: context.objects)
        if !json {
            for report in findings.reports { print("\n" + DriftTable.render(report)) }
        }
        let actions = findings.driftDetected
            ? DriftActions(context: context, quiet: json).perform(findings)
            : []
        let status = Self.exitStatus(outcome.status, driftDetected: findings.driftDetected)
        if json {
            let result = Self.json(outcome, findings: findings, actions: actions, status: status)
            print(jsonLines ? result.canonicalText : result.prettyText)
        } else {
            let verdict = findings.reports.isEmpty ? "no drift report (see the stages above)"
                : findings.driftDetected ? "DRIFT detected" : "no drift"
            print("\nmonitor run \(outcome.runID): \(outcome.status.rawValue), \(verdict)")
        }
        return status
    }

    /// Drift outranks the failed drift gate it causes; any other failure keeps its code.
    static func exitStatus(_ run: RunStatus, driftDetected: Bool) -> ExitStatus {
        if run == .cancelled { return .cancelled }
        if driftDetected { return .driftDetected }
        return ExitStatus(run)
    }

    private static func json(_ outcome: RunOutcome, findings: DriftFindings, actions: [DriftActions.Result], status: ExitStatus) -> JSONValue {
        .object([
            "run": .string(outcome.runID),
            "status": .string(outcome.status.rawValue),
            "drift_detected": .bool(findings.driftDetected),
            "exit_code": .integer(Int64(status.rawValue)),
            "reports": .array(findings.reports.map { report in
                var members: [String: JSONValue] = ["stage": .string(report.stage), "report": report.json]
                if let model = report.model { members["model"] = .string(model) }
                return .object(members)
            }),
            "actions": .array(actions.map(\.json)),
        ])
    }
}
