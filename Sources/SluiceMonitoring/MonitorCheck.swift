import SluiceEngine

/// One check of a monitor: runs the monitoring stages (and what they need) as a
/// recorded run, reads the drift reports it stored, and on drift performs the
/// pipeline's `on_drift` actions.
package struct MonitorCheck {
    package let context: MonitorContext

    package init(context: MonitorContext) {
        self.context = context
    }

    /// Throws when the run cannot start or its reports cannot be read; a run that
    /// starts and fails is a result, not an error.
    package func run(_ host: some MonitorHost) throws -> CheckResult {
        let options = ExecutionOptions(jobs: context.jobs, targets: context.plan.monitors, projectDirectory: context.location.projectDirectory,
                                       overrides: context.overrides)
        let outcome = try host.run(context.pipeline, at: context.location, options: options, for: .check)
        let findings = try DriftFindings.read(runID: outcome.runID, store: context.store, objects: context.objects)
        host.found(findings)
        let actions = findings.driftDetected ? DriftActions(context: context, host: host).perform(findings) : []
        return CheckResult(outcome: outcome, findings: findings, actions: actions)
    }
}
