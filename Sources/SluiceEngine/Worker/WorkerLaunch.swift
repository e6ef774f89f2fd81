import Foundation
import SluiceProcess
import SluiceSupport

/// Starts a `sluice worker` with a fresh socket pair, its end as the worker's
/// descriptor 3; the caller gets the process and its own end as a channel. Started
/// from the lasting thread: the worker dies with the thread that spawned it
/// (PR_SET_PDEATHSIG), and a stage's or a pool's thread may end before the worker should.
enum WorkerLaunch {
    /// `what` is the worker's role in messages ("plugin", "model"); `at`, where its errors are located.
    static func start(_ executable: String, arguments: [String], what: String, at location: String) throws(SluiceError) -> (ChildProcess, WorkerChannel) {
        let ends = try WorkerChannel.pair()
        // The host says why a worker died; the Swift runtime's backtrace would only bury that.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let settled = environment, worker = ends.worker
        let process: ChildProcess
        do {
            process = try LastingThread.run { () throws(SubprocessError) -> ChildProcess in
                try ChildProcess(executable, arguments: arguments, environment: settled, channel: worker)
            }
        } catch {
            close(ends.host)
            close(ends.worker)
            throw SluiceError(.workerStart, at: location, "could not start a \(what) worker ('\(executable) worker'): \(error.message)")
        }
        close(ends.worker)
        return (process, WorkerChannel(descriptor: ends.host))
    }
}
