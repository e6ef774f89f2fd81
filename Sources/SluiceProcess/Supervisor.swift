#if canImport(Glibc)
import Glibc
#endif

/// Follows a started child from one poll loop on the calling thread: feeds its input,
/// reads its output as it comes, notices its exit, and stops it on a timeout or a
/// cancellation. Nothing sleeps; poll's timeout is the next thing that is due.
struct Supervisor {
    /// After the child is reaped, how long to wait for the end of its output. Whatever it
    /// wrote before exiting is read at once; this bounds the wait for a grandchild that
    /// inherited the pipe and keeps it open (`sh -c 'daemon &'`).
    static let drainPeriod: Duration = .milliseconds(200)
    /// Cancellation can only be asked for, so poll wakes at least this often to ask.
    static let cancellationInterval: Duration = .milliseconds(50)
    /// Without a pidfd, the only way to notice an exit while the pipes stay open is to
    /// look this often.
    static let exitCheckInterval: Duration = .milliseconds(50)

    private let name: String
    private let pid: pid_t
    private let timeout: Duration?
    private let gracePeriod: Duration
    private let isCancelled: (() -> Bool)?
    private var exitNotice: Int32?
    private var input: InputFeeder?
    private var output: OutputReader?
    private var error: OutputReader?

    private let clock = ContinuousClock()
    private var stop: (reason: SubprocessResult.Termination, killAt: ContinuousClock.Instant)?
    private var killedAt: ContinuousClock.Instant?
    private var reaped: (status: Int32, at: ContinuousClock.Instant)?

    init(child: SpawnedChild, subprocess: Subprocess) {
        name = subprocess.executable
        pid = child.pid
        timeout = subprocess.timeout
        gracePeriod = subprocess.gracePeriod
        isCancelled = subprocess.isCancelled
        // Fails on kernels before 5.3 and under seccomp filters that predate it; the loop
        // then looks for the exit on a timer instead.
        if let descriptor = GNUFunctions.pidfdOpen?(child.pid, 0), descriptor >= 0 { exitNotice = descriptor }
        if let descriptor = child.input, case .bytes(let bytes) = subprocess.standardInput {
            input = InputFeeder(descriptor: descriptor, bytes: bytes)
        }
        if let descriptor = child.output, let collector = OutputCollector(subprocess.standardOutput) {
            output = OutputReader(descriptor: descriptor, collector: collector)
        }
        if let descriptor = child.error, let collector = OutputCollector(subprocess.standardError) {
            error = OutputReader(descriptor: descriptor, collector: collector)
        }
    }

    mutating func wait() throws(SubprocessError) -> SubprocessResult {
        let started = clock.now
        let deadline = timeout.map { started + $0 }
        defer {
            input?.close()
            output?.finish()
            error?.finish()
            if let exitNotice { close(exitNotice) }
        }
        var buffer = [UInt8](repeating: 0, count: 65536)

        while true {
            if reaped == nil, let status = try reapIfExited() {
                reaped = (status, clock.now)
                input?.close()
            }
            let now = clock.now
            if reaped == nil, stop == nil {
                if let deadline, now >= deadline {
                    beginStop(.timedOut, now: now)
                } else if let isCancelled, isCancelled() {
                    beginStop(.cancelled, now: now)
                }
            }
            if let stop, killedAt == nil, now >= stop.killAt {
                signalGroup(SIGKILL)
                killedAt = now
            }
            let drainUntil = drainDeadline()
            if reaped != nil {
                if output?.descriptor == nil, error?.descriptor == nil { break }
                if let drainUntil, now >= drainUntil { break }
            }

            var wake: ContinuousClock.Instant?
            func wakeBy(_ instant: ContinuousClock.Instant) { wake = min(wake ?? instant, instant) }
            if reaped == nil {
                if stop == nil {
                    if let deadline { wakeBy(deadline) }
                    if isCancelled != nil { wakeBy(now + Self.cancellationInterval) }
                }
                if exitNotice == nil { wakeBy(now + Self.exitCheckInterval) }
            }
            if let stop, killedAt == nil { wakeBy(stop.killAt) }
            if let drainUntil { wakeBy(drainUntil) }

            var watched: [pollfd] = []
            if let descriptor = input?.descriptor { watched.append(pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)) }
            if let descriptor = output?.descriptor { watched.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)) }
            if let descriptor = error?.descriptor { watched.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)) }
            if reaped == nil, let exitNotice { watched.append(pollfd(fd: exitNotice, events: Int16(POLLIN), revents: 0)) }

            let ready = poll(&watched, nfds_t(watched.count), wake.map { milliseconds(from: now, to: $0) } ?? -1)
            if ready == -1 {
                if errno == EINTR { continue }
                let number = errno
                abandon()
                throw .system(SubprocessError.waitFailed, "cannot wait for '\(name)'", number)
            }
            for entry in watched where entry.revents != 0 {
                if entry.fd == input?.descriptor {
                    // POLLERR: the child closed its input. Poll says POLLOUT too while the
                    // pipe has room, but writing then would only raise SIGPIPE.
                    if entry.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { input?.close() } else { input?.writeSome() }
                } else if entry.fd == output?.descriptor {
                    output?.readSome(into: &buffer)
                } else if entry.fd == error?.descriptor {
                    error?.readSome(into: &buffer)
                }
            }
        }

        // Members of the group that hold none of the pipes get no more time than the
        // leader: once it is gone and the output has ended, the stop is finished.
        if stop != nil, killedAt == nil { signalGroup(SIGKILL) }
        output?.finish()
        error?.finish()
        let status = SubprocessResult.Status(waitStatus: reaped?.status ?? 0)
        let termination: SubprocessResult.Termination
        switch (stop?.reason, status) {
        case (let reason?, _): termination = reason
        case (nil, .exited(let code)): termination = .exited(code)
        case (nil, .signalled(let signal)): termination = .signalled(signal)
        }
        return SubprocessResult(
            termination: termination,
            status: status,
            standardOutput: output?.collector.captured ?? [],
            standardError: error?.collector.captured ?? [],
            standardOutputTruncated: output?.collector.truncated ?? false,
            standardErrorTruncated: error?.collector.truncated ?? false)
    }

    /// After the leader is reaped: while a stop is in its grace, the output may take the
    /// rest of the grace (a grandchild cleaning up on SIGTERM still holds the pipe);
    /// otherwise a short drain after the exit or the SIGKILL, whichever came last.
    private func drainDeadline() -> ContinuousClock.Instant? {
        guard let reaped else { return nil }
        if let stop, killedAt == nil { return stop.killAt }
        return max(reaped.at, killedAt ?? reaped.at) + Self.drainPeriod
    }

    private mutating func beginStop(_ reason: SubprocessResult.Termination, now: ContinuousClock.Instant) {
        stop = (reason, now + gracePeriod)
        signalGroup(SIGTERM)
        // A child waiting for the rest of its input sees the end and may finish early.
        input?.close()
    }

    /// The whole group, so that a `sh -c` does not leave its children running. The child
    /// alone only if the group is gone, which happens when it made a group of its own;
    /// never once it is reaped, when its pid may already belong to someone else.
    private func signalGroup(_ signal: Int32) {
        if kill(-pid, signal) == -1, errno == ESRCH, reaped == nil { kill(pid, signal) }
    }

    private func reapIfExited() throws(SubprocessError) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return status }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            // ECHILD: someone else reaped it (SIGCHLD set to SIG_IGN, or a waitpid(-1)).
            throw .system(SubprocessError.waitFailed, "lost track of '\(name)' (pid \(pid))", errno)
        }
    }

    /// When the wait itself fails, the child must not outlive it unseen.
    private mutating func abandon() {
        signalGroup(SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        reaped = (status, clock.now)
    }

    /// Rounded up: waking a little early would only make the loop spin until it is due.
    private func milliseconds(from now: ContinuousClock.Instant, to instant: ContinuousClock.Instant) -> Int32 {
        let left = now.duration(to: instant)
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        let whole = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let roundedUp = attoseconds % 1_000_000_000_000_000 == 0 ? whole : whole + 1
        return Int32(clamping: roundedUp)
    }
}
