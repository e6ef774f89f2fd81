import Foundation
import SluiceEngine
import SluiceMonitoring
import SluicePipeline
import SluiceStore
import SluiceSupport

/// How `sluice monitor` shows its checks: the monitoring run with the run display, a
/// drift table per report, each on_drift action as it finishes, and a closing line or
/// the JSON summary.
struct MonitorConsole: MonitorHost {
    let context: MonitorContext
    let quiet: Bool
    let json: Bool
    /// With --every: one compact JSON line per check rather than one pretty document.
    let jsonLines: Bool

    /// Runs one check and prints what it found; returns its verdict.
    func check() throws -> CheckVerdict {
        let result = try MonitorCheck(context: context).run(self)
        let verdict = result.verdict
        if json {
            let summary = result.json(exitCode: ExitStatus(verdict).rawValue)
            print(jsonLines ? summary.canonicalText : summary.prettyText)
        } else {
            let findings = result.findings
            let said = findings.reports.isEmpty ? "no drift report (see the stages above)"
                : findings.driftDetected ? "DRIFT detected" : "no drift"
            print("\nmonitor run \(result.outcome.runID): \(result.outcome.status.rawValue), \(said)")
        }
        return verdict
    }

    func run(_ pipeline: Pipeline, at location: PipelineLocation, options: ExecutionOptions, for purpose: MonitorRunPurpose) throws -> RunOutcome {
        let session: RunSession
        switch purpose {
        case .check:
            session = RunSession(json: json, quiet: quiet || json, report: false)
        case .retrain:
            // Under --json the retrain prints nothing of its own: stdout is the summary.
            let stages = options.targets.isEmpty ? "" : " (stages: \(options.targets.joined(separator: ", ")))"
            if !json { printError("on_drift retrain: running \(location.relativePath)\(stages)") }
            session = RunSession(json: false, quiet: true, report: !json)
        }
        return try session.execute(pipeline, location: location, store: context.store, objects: context.objects, options: options) { executor in
            try executor.run()
        }
    }

    func found(_ findings: DriftFindings) {
        guard !json else { return }
        for report in findings.reports { print("\n" + DriftTable.render(report)) }
    }

    func performed(_ result: DriftActionResult) {
        if result.action == .alert { printError("ALERT \(context.pipeline.name): \(result.detail)") }
        if let unrecorded = result.unrecorded { printError(unrecorded) }
        if !result.ok { printError("on_drift \(result.name) failed: \(result.detail)") }
    }
}
