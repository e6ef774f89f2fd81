import Foundation
import SluicePipeline
import SluiceStore
import SluiceSupport
import Synchronization

/// One stage running on its own thread: creates the plugin instance, runs it with
/// retries, and reports the result once. The executor watches its deadline and may
/// abandon it when a plugin ignores cancellation.
package final class StageTask: Sendable {
    package struct Result: Sendable {
        package var outputs: [String: PortValue] = [:]
        package var artifacts: [String: String] = [:]
        package var artifactMediaTypes: [String: String] = [:]
        /// The stage read state outside its inputs (a model by reference): do not reuse it.
        package var dependsOnOutsideState = false
        package var error: SluiceError?
        package var attempts: Int
    }

    private struct Watch {
        /// When the current attempt must end.
        package var deadline: Date?
        /// When the executor asked the current attempt to stop.
        package var stopRequestedAt: Date?
        package var timedOut = false
        /// The run asked every stage to stop (Ctrl-C): no more attempts.
        package var cancelRequested = false
    }

    package let stage: PipelineStage
    /// Set when the stage runs in a plugin worker.
    package let worker: WorkerSettings?
    package let startedAt = Date()
    private let watch = Mutex(Watch())
    /// The current attempt's token; cancelled by the run's cancellation or the timeout.
    private let token = Mutex(CancellationToken())

    package init(stage: PipelineStage, worker: WorkerSettings? = nil) {
        self.stage = stage
        self.worker = worker
    }

    /// Runs on a new thread and calls `done` exactly once with the result.
    package func start(context: @escaping @Sendable (CancellationToken) -> StageContext, inputs: [String: PortValue], done: @escaping @Sendable (Result) -> Void) {
        let thread = Thread { [self] in
            done(self.execute(context: context, inputs: inputs))
        }
        thread.name = "stage \(stage.name)"
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func execute(context makeContext: @Sendable (CancellationToken) -> StageContext, inputs: [String: PortValue]) -> Result {
        var attempt = 0
        while true {
            attempt += 1
            let attemptToken = CancellationToken()
            token.withLock { $0 = attemptToken }
            let runCancelled = watch.withLock { watch in
                watch = Watch(deadline: stage.timeout.map { Date().addingTimeInterval($0) },
                              stopRequestedAt: watch.cancelRequested ? watch.stopRequestedAt : nil,
                              cancelRequested: watch.cancelRequested)
                return watch.cancelRequested
            }
            if runCancelled { attemptToken.cancel() }
            let context = makeContext(attemptToken)
            var live: (any StageInstance)?
            do throws(SluiceError) {
                if let worker {
                    live = try WorkerStage(plugin: stage.plugin, stage: stage.info, config: stage.config, context: context, settings: worker)
                } else {
                    live = try LiveStage(plugin: stage.plugin, stage: stage.info, config: stage.config, context: context)
                }
                let outputs = try live!.run(inputs: inputs)
                return Result(outputs: outputs, artifacts: live!.artifacts, artifactMediaTypes: live!.artifactMediaTypes,
                              dependsOnOutsideState: live!.dependsOnOutsideState, attempts: attempt)
            } catch {
                let failure = timedOut ? timeoutError(after: error) : error
                let retryable = failure.kind == .stageFailed && !cancelledByRun && attempt <= stage.retries
                if !retryable {
                    // What the failed attempt stored (e.g. a failed gate's report) stays findable.
                    return Result(artifacts: live?.artifacts ?? [:], artifactMediaTypes: live?.artifactMediaTypes ?? [:], error: failure, attempts: attempt)
                }
                context.events(.log(.warning, "attempt \(attempt) of \(stage.retries + 1) failed: \(failure.message); retrying"))
            }
        }
    }

    private var timedOut: Bool { watch.withLock { $0.timedOut } }

    /// True when the run (not the timeout) cancelled the stage.
    private var cancelledByRun: Bool { watch.withLock { $0.cancelRequested } }

    private func timeoutError(after error: SluiceError) -> SluiceError {
        SluiceError(
            .stageTimeout, at: stage.name,
            "\(stage.uses) did not finish within its timeout of \(Self.seconds(stage.timeout ?? 0)). Raise `timeout`, or make the stage faster")
    }

    /// Asks the stage to stop (Ctrl-C, or another reason to end the run).
    package func cancel() {
        watch.withLock { watch in
            watch.cancelRequested = true
            if watch.stopRequestedAt == nil { watch.stopRequestedAt = Date() }
        }
        token.withLock { $0 }.cancel()
    }

    /// Called periodically by the executor: fires the timeout, and tells whether the
    /// stage ignored a stop request for longer than `grace` (it is then abandoned).
    package func check(now: Date, grace: TimeInterval) -> Bool {
        let fire = watch.withLock { watch -> Bool in
            guard let deadline = watch.deadline, now >= deadline, !watch.timedOut else { return false }
            watch.timedOut = true
            watch.stopRequestedAt = now
            return true
        }
        if fire { token.withLock { $0 }.cancel() }
        // A worker is killed by its host side at the grace period, and the attempt then
        // ends with the reason; abandoning is only the last resort should that not happen.
        let patience = worker == nil ? grace : grace + 10
        return watch.withLock { watch in
            guard let asked = watch.stopRequestedAt else { return false }
            return now.timeIntervalSince(asked) > patience
        }
    }

    /// The error recorded for a stage abandoned because it did not stop.
    package func abandonedError() -> SluiceError {
        if timedOut {
            return SluiceError(
                .stageTimeout, at: stage.name,
                "\(stage.uses) did not finish within its timeout of \(Self.seconds(stage.timeout ?? 0)) and ignored the request to stop; it was abandoned. The plugin should check is_cancelled")
        }
        return SluiceError(.stageCancelled, at: stage.name, "\(stage.uses) was cancelled and did not stop in time; it was abandoned")
    }

    package static func seconds(_ value: TimeInterval) -> String {
        value < 1 ? "\(Int((value * 1000).rounded()))ms" : (value == value.rounded() ? "\(Int(value))s" : String(format: "%.1fs", value))
    }
}
