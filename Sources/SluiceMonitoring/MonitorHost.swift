import SluiceEngine
import SluicePipeline

/// What a monitor asks of the program that hosts it: to run the pipelines the monitor
/// starts, with whatever display and Ctrl-C handling it has, and to hear what the
/// monitor finds and does as it happens (a retrain can take long; its alert should not
/// wait for it).
package protocol MonitorHost {
    /// Runs `pipeline` to its end, as `purpose` asks, and returns how it ended.
    func run(_ pipeline: Pipeline, at location: PipelineLocation, options: ExecutionOptions, for purpose: MonitorRunPurpose) throws -> RunOutcome
    /// The check's drift reports were read; the actions, if any, come next.
    func found(_ findings: DriftFindings)
    /// An `on_drift` action finished and its event was recorded (or could not be).
    func performed(_ result: DriftActionResult)
}

/// Why a monitor starts a run.
package enum MonitorRunPurpose: Sendable, Equatable {
    /// The monitoring stages, whose drift reports the check reads.
    case check
    /// `on_drift: retrain`.
    case retrain
}
