import Dispatch
import Foundation
import SluicePlugins
import SluiceSupport
import Synchronization

/// `cancellation`: a stage's example, cancelled `cancelAfter` into its run (its
/// is_cancelled answers 1 from then on), returns within the grace period, with
/// cancelled or what the example expects. A stage that finishes before it is asked to
/// stop passes too: short work need not look. Measured on this process's clock.
package enum CancellationCheck {
    /// The result, and whether the stage is still running (then the worker must end at
    /// once rather than unwind: a thread is inside the plugin).
    package static func run(_ runner: ExampleRunner, settings: CheckSettings) -> (ConformanceResult, stuck: Bool) {
        let stage = runner.stage
        guard let example = stage.examples.first(where: { $0.expect.status == "ok" }) else {
            let why = stage.examples.isEmpty ? "the stage declares no examples to run and cancel" : "no example expecting ok to run and cancel"
            return (.skipped(.cancellation, stage: stage.id, why), false)
        }
        let token = CancellationToken()
        let started = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<ExampleRun, SluiceErrorBox>?>(nil)
        let thread = Thread {
            let result: Result<ExampleRun, SluiceErrorBox>
            do {
                result = .success(try runner.run(example, cancellation: token, willRun: { started.signal() }))
            } catch {
                result = .failure(SluiceErrorBox(message: (error as? SluiceError)?.message ?? "\(error)"))
            }
            outcome.withLock { $0 = result }
            started.signal()
            finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        started.wait()
        if finished.wait(timeout: .now() + seconds(settings.cancelAfter)) == .success {
            return (judge(outcome.withLock { $0 }, example: example, afterCancel: nil, settings: settings, stage: stage.id), false)
        }
        token.cancel()
        let cancelledAt = ContinuousClock.now
        guard finished.wait(timeout: .now() + seconds(settings.grace)) == .success else {
            return (.failed(.cancellation, stage: stage.id, "example '\(example.name)' was still running \(StageTask.seconds(seconds(settings.grace))) after it was cancelled; check is_cancelled in long work and return SLUICE_ERR_CANCELLED"), true)
        }
        let after = ExampleRunner.seconds(ContinuousClock.now - cancelledAt)
        return (judge(outcome.withLock { $0 }, example: example, afterCancel: after, settings: settings, stage: stage.id), false)
    }

    package struct SluiceErrorBox: Error {
        let message: String
    }

    private static func judge(_ outcome: Result<ExampleRun, SluiceErrorBox>?, example: StageExample, afterCancel: Double?, settings: CheckSettings, stage: String) -> ConformanceResult {
        switch outcome {
        case .failure(let error)?:
            return .failed(.cancellation, stage: stage, "example '\(example.name)' could not run: \(error.message)")
        case nil:
            return .failed(.cancellation, stage: stage, "example '\(example.name)' ended without a result")
        case .success(let run)?:
            guard let afterCancel else {
                return .passed(.cancellation, stage: stage, "example '\(example.name)' finished in \(StageTask.seconds(run.seconds)), before it was cancelled at \(StageTask.seconds(seconds(settings.cancelAfter)))")
            }
            guard run.statusName == "cancelled" || run.statusName == example.expect.status else {
                return .failed(.cancellation, stage: stage, "example '\(example.name)', cancelled, \(run.summary); a cancelled stage returns SLUICE_ERR_CANCELLED")
            }
            return .passed(.cancellation, stage: stage, "example '\(example.name)' returned \(run.statusName) \(StageTask.seconds(afterCancel)) after it was cancelled (grace \(StageTask.seconds(seconds(settings.grace))))")
        }
    }

    private static func seconds(_ duration: Duration) -> Double { ExampleRunner.seconds(duration) }
}
