import SluiceEngine
import SluiceJSON

/// What one check did: the monitoring run, the drift reports it stored, the `on_drift`
/// actions taken, and what it all means.
package struct CheckResult: Sendable {
    package let outcome: RunOutcome
    package let findings: DriftFindings
    /// Empty when no feature drifted.
    package let actions: [DriftActionResult]

    package var verdict: CheckVerdict { CheckVerdict(run: outcome.status, driftDetected: findings.driftDetected) }

    /// The machine-readable summary of `sluice monitor --json`. `exitCode` is the
    /// caller's, which maps the verdict to it.
    package func json(exitCode: Int32) -> JSONValue {
        .object([
            "run": .string(outcome.runID),
            "status": .string(outcome.status.rawValue),
            "drift_detected": .bool(findings.driftDetected),
            "exit_code": .integer(Int64(exitCode)),
            "reports": .array(findings.reports.map { report in
                var members: [String: JSONValue] = ["stage": .string(report.stage), "report": report.json]
                if let model = report.model { members["model"] = .string(model) }
                return .object(members)
            }),
            "actions": .array(actions.map(\.json)),
        ])
    }
}
