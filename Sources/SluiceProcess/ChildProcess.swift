#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A child that runs beside this process for as long as this process needs it (a
/// plugin worker), rather than a command run to completion like `Subprocess`: it shares
/// this process's standard streams and talks over the one descriptor it was given.
/// It is stopped by its pid, and reaped exactly once, by `wait()`.
package final class ChildProcess: Sendable {
    /// How it ended, and the most memory it held (from the kernel's accounting of the
    /// reaped child, so it is known also when it was killed).
    package struct Ending: Sendable, Equatable {
        package let status: SubprocessResult.Status
        /// Peak resident memory in bytes.
        package let peakMemory: Int
    }

    package let pid: pid_t
    private let ended = Mutex<Ending?>(nil)

    /// Starts `executable` with `channel` as its descriptor 3. The caller keeps its own
    /// copy of `channel` and closes it when it likes.
    package init(_ executable: String, arguments: [String], environment: [String: String]? = nil, channel: Int32) throws(SubprocessError) {
        pid = try Spawner.spawnBeside(executable, arguments: arguments, environment: environment, channel: channel)
    }

    /// Sends `signal` unless the child was already reaped (then its pid may be another's).
    package func signal(_ signal: Int32) {
        ended.withLock { ending in
            if ending == nil { _ = kill(pid, signal) }
        }
    }

    /// Blocks until the child has ended and returns how; later calls return the same.
    package func wait() -> Ending {
        if let known = ended.withLock({ $0 }) { return known }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        // ru_maxrss is in kilobytes on Linux.
        let ending = Ending(status: SubprocessResult.Status(waitStatus: status), peakMemory: Int(usage.ru_maxrss) * 1024)
        ended.withLock { $0 = ending }
        return ending
    }

    /// The ending if the child has ended, without blocking.
    package func poll() -> Ending? {
        if let known = ended.withLock({ $0 }) { return known }
        var status: Int32 = 0
        var usage = rusage()
        let reaped = wait4(pid, &status, WNOHANG, &usage)
        guard reaped == pid else { return nil }
        let ending = Ending(status: SubprocessResult.Status(waitStatus: status), peakMemory: Int(usage.ru_maxrss) * 1024)
        ended.withLock { $0 = ending }
        return ending
    }

    /// Its resident memory now in bytes, nil once it has ended.
    package var residentMemory: Int? {
        SluiceProcess.residentMemory(of: String(pid))
    }
}
