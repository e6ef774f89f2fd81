/// A child process to run: what to start, what it reads, where its output goes and when
/// to stop it. `run()` starts it and blocks the calling thread until it has ended and its
/// output is read.
///
/// Not Foundation's `Process`: its `waitUntilExit()` polls a run loop every 50 ms and
/// needs a socket pair, without which it never returns (seen in a network namespace
/// without loopback). posix_spawn, pipes, one poll loop and waitpid have neither problem.
///
/// Not `Sendable`, on purpose: the callbacks are plain closures so that they may capture
/// the caller's own state (a log, a tail of lines); they are only ever called on the
/// thread that calls `run()`, before it returns.
package struct Subprocess {
    /// A name without a slash is looked up on this process's PATH (posix_spawnp), not on
    /// `environment`'s; to search the child's PATH, run `/usr/bin/env` with the name.
    package var executable: String
    package var arguments: [String]
    /// nil inherits this process's environment; otherwise the child gets exactly these
    /// variables (start from `Subprocess.inheritedEnvironment` to change a few).
    package var environment: [String: String]?
    /// nil keeps this process's working directory.
    package var workingDirectory: String?
    package var standardInput: Input
    package var standardOutput: Output
    package var standardError: Output
    /// Counted from the start; when it passes the child is stopped (see `gracePeriod`).
    package var timeout: Duration?
    /// How long a stopped child has between SIGTERM and SIGKILL.
    package var gracePeriod: Duration
    /// Asked whenever the wait wakes and at least every 50 ms, because a plugin can only
    /// ask whether its run was cancelled, not be told. `true` stops the child.
    package var isCancelled: (() -> Bool)?

    package init(
        _ executable: String,
        arguments: [String] = [],
        environment: [String: String]? = nil,
        workingDirectory: String? = nil,
        standardInput: Input = .null,
        standardOutput: Output = .capture(),
        standardError: Output = .discard,
        timeout: Duration? = nil,
        gracePeriod: Duration = .seconds(2),
        isCancelled: (() -> Bool)? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.timeout = timeout
        self.gracePeriod = gracePeriod
        self.isCancelled = isCancelled
    }

    /// Starts the child and waits until it has ended and its pipes are drained. Throws
    /// only when the child could not be started or followed; a child that fails, is
    /// killed, overruns or is cancelled is a result, not an error.
    package func run() throws(SubprocessError) -> SubprocessResult {
        var supervisor = try Supervisor(child: Spawner.spawn(self), subprocess: self)
        return try supervisor.wait()
    }
}
