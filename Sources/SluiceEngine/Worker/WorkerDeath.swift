import Foundation
import SluiceProcess
import SluiceSupport

/// What a person is told when a plugin worker ended before its stage did.
package enum WorkerDeath {
    /// Why the host killed a worker itself.
    package enum Cause: Sendable, Equatable {
        case ignoredStop(TimeInterval)
        case memory(limit: Int, resident: Int)
    }

    package static func error(_ ending: ChildProcess.Ending, cause: Cause?, settings: WorkerSettings, reference: String, stage: String) -> SluiceError {
        let at = stage.isEmpty ? reference : stage
        switch cause {
        case .memory(let limit, let resident):
            return SluiceError(.workerMemory, at: at, "\(reference) exceeded its memory limit of \(ByteCount.text(limit)) (it held \(ByteCount.text(resident))); its worker was killed. Raise resources.memory, or give the stage less data")
        case .ignoredStop(let grace):
            return SluiceError(.stageCancelled, at: at, "\(reference) did not stop within \(StageTask.seconds(grace)) of being asked to; its worker was killed", kind: .cancelled)
        case nil:
            break
        }
        switch ending.status {
        case .signalled(let signal) where signal == SIGXCPU:
            return SluiceError(.workerTime, at: at, "\(reference) used up its CPU time limit of \(StageTask.seconds(settings.cpuTime ?? 0)) (resources.time); its worker was stopped by SIGXCPU")
        case .signalled(let signal):
            let memoryHint = settings.memory.map { " (its memory was limited to \(ByteCount.text($0)): an allocation that failed may be why)" } ?? ""
            return SluiceError(.workerDied, at: at, "the worker running \(reference) was killed by \(name(of: signal))\(signal == SIGABRT || signal == SIGSEGV ? memoryHint : ""); the plugin crashed. The host and the other stages are unaffected")
        case .exited(let code):
            return SluiceError(.workerDied, at: at, "the worker running \(reference) exited with status \(code) before the stage finished (did the plugin call exit()?)")
        }
    }

    /// "SIGSEGV (segmentation fault)".
    package static func name(of signal: Int32) -> String {
        let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGILL: "SIGILL",
                                      SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGTRAP: "SIGTRAP", SIGXCPU: "SIGXCPU", SIGPIPE: "SIGPIPE"]
        let description = String(cString: strsignal(signal)).lowercased()
        return "\(names[signal] ?? "signal \(signal)") (\(description))"
    }
}
