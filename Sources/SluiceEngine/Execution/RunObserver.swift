import Foundation
import SluicePipeline
import SluiceStore
import SluiceSupport

/// Watches a run as it happens: the CLI draws live lines or log lines from these.
/// Called from several threads; implementations synchronise themselves.
package protocol RunObserver: AnyObject, Sendable {
    func runStarted(id: String, pipeline: Pipeline, stages: [String])
    func stageChanged(_ stage: String, to status: StageRunStatus, detail: String?)
    func stageEvent(_ stage: String, _ event: StageEvent)
}

/// How a run ended, per stage.
package struct RunOutcome: Sendable {
    package struct Stage: Sendable {
        package var status: StageRunStatus
        package var duration: TimeInterval?
        package var error: SluiceError?
    }

    package let runID: String
    package let status: RunStatus
    /// In pipeline order, only the stages this run covered.
    package let stages: [(name: String, result: Stage)]

    /// Every stage error, in pipeline order.
    package var failures: [SluiceError] { stages.compactMap(\.result.error) }
}

/// What `sluice run` can change about a run.
package struct ExecutionOptions: Sendable {
    /// How many stages may run at once.
    package var jobs: Int
    /// Run only these stages and what they need (empty: all).
    package var targets: [String]
    /// The project folder: `.sluice/` lives here.
    package var projectDirectory: String
    /// Set by Ctrl-C or SIGTERM.
    package var cancellation: CancellationToken
    /// How long a stage may take to stop after it was asked to, before it is abandoned.
    package var stopGrace: TimeInterval
    /// The `--set` overrides, kept so that a resumed run uses the same params.
    package var overrides: [String]
    /// Run every stage even when its outputs could be reused (`--force`).
    package var force: Bool
    /// Run these stages even when their outputs could be reused (`--force-stage`).
    package var forceStages: Set<String>
    /// Where stages whose pipeline file does not say run (`--isolation`); nil: in process.
    package var isolation: StageIsolation?
    /// The `sluice` executable that runs plugin workers; nil finds it (see `WorkerSettings`).
    package var workerExecutable: String?

    package init(
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, targets: [String] = [], projectDirectory: String,
        cancellation: CancellationToken = CancellationToken(), stopGrace: TimeInterval = 2, overrides: [String] = [],
        force: Bool = false, forceStages: Set<String> = []
    ) {
        self.jobs = max(1, jobs)
        self.targets = targets
        self.projectDirectory = projectDirectory
        self.cancellation = cancellation
        self.stopGrace = stopGrace
        self.overrides = overrides
        self.force = force
        self.forceStages = forceStages
    }
}
