import Foundation

/// Runs `git` and returns what it printed, or nil when it failed or overran its time
/// (then it is killed).
///
/// Not Foundation's `Process`: its `waitUntilExit()` polls a run loop every 50 ms
/// (half of a no-op run went to that wait) and needs a socket pair, without which it
/// never returns (seen in a network namespace without loopback). posix_spawn, a pipe,
/// poll and waitpid have neither problem, and a git that hangs is killed.
package enum GitCommand {
    /// `executable` is looked up on PATH; tests pass a stand-in for git.
    package static func run(_ arguments: [String], timeout: Duration, executable: String = "git") -> String? {
        var pipeEnds: [Int32] = [-1, -1]
        // Close-on-exec, so no other child inherits the write end and keeps the pipe
        // open (pipe2 is not visible from Swift on glibc).
        guard pipe(&pipeEnds) == 0 else { return nil }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        defer { close(readEnd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        // The run ignores SIGINT/SIGTERM (it handles them itself) and Swift ignores
        // SIGPIPE; ignored signals survive exec, so give git the defaults back.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // A status must not write the index (and take its lock) under a user's own git.
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }

        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        close(writeEnd)
        guard spawned == 0 else { return nil }

        let deadline = ContinuousClock.now + timeout
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var timedOut = false
        reading: while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { timedOut = true; break }
            var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            switch poll(&descriptor, 1, milliseconds) {
            case 0: continue  // the deadline is checked above
            case -1 where errno == EINTR: continue
            case -1: timedOut = true; break reading
            default:
                let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if count > 0 { output.append(contentsOf: buffer[0..<count]) }
                else if count == 0 { break reading }
                else if errno != EINTR { timedOut = true; break reading }
            }
        }
        if timedOut { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // Exited normally (WIFEXITED) with status 0.
        guard !timedOut, status & 0x7f == 0, (status >> 8) & 0xff == 0 else { return nil }
        return String(decoding: output, as: UTF8.self)
    }
}
