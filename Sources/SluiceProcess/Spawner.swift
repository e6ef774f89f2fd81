#if canImport(Glibc)
import Glibc
#endif

/// A started child and this process's ends of its pipes (nil where the stream goes to
/// the null device).
struct SpawnedChild {
    let pid: pid_t
    let input: Int32?
    let output: Int32?
    let error: Int32?
}

/// Starts a child with posix_spawn: no fork of this (large, multithreaded) process, and
/// exec failures come back as an errno instead of a child that exits 127.
enum Spawner {
    /// Signals the host may ignore or block for itself (it handles SIGINT/SIGTERM, Swift
    /// code commonly ignores SIGPIPE); ignored dispositions and the mask survive exec, so
    /// the child gets the defaults back.
    private static let restoredSignals = [SIGINT, SIGTERM, SIGPIPE, SIGQUIT]

    /// Starts a child that shares this process's standard streams and gets `channel` as
    /// its descriptor 3 (nothing else above 2), in a process group of its own: a Ctrl-C
    /// at the terminal reaches this process, which decides what the child is told.
    static func spawnBeside(_ executable: String, arguments: [String], environment: [String: String]?, channel: Int32) throws(SubprocessError) -> pid_t {
        try rejectNULBytes(Subprocess(executable, arguments: arguments, environment: environment))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 onto 3 clears close-on-exec there (also when channel already is 3).
        posix_spawn_file_actions_adddup2(&actions, channel, 3)
        _ = GNUFunctions.addClosefrom?(&actions, 4)
        var pid: pid_t = 0
        let spawned = launch(executable, arguments: arguments, environment: environment, actions: &actions, searchPath: false, pid: &pid)
        guard spawned == 0 else { throw .system(SubprocessError.spawnFailed, "cannot start '\(executable)'", spawned) }
        return pid
    }

    static func spawn(_ subprocess: Subprocess) throws(SubprocessError) -> SpawnedChild {
        let name = subprocess.executable
        try rejectNULBytes(subprocess)
        if subprocess.workingDirectory != nil, GNUFunctions.addChdir == nil {
            throw SubprocessError(
                SubprocessError.unsupported,
                "cannot start '\(name)' in another working directory: this C library lacks posix_spawn_file_actions_addchdir_np (glibc 2.29 or later has it)")
        }

        // Every descriptor made here; the child's ends are closed once it has them, and
        // all of them if the spawn fails.
        var parentEnds: [Int32] = []
        var childEnds: [Int32] = []
        defer { for descriptor in childEnds { close(descriptor) } }
        func closeParentEnds() { for descriptor in parentEnds { close(descriptor) } }

        var inputPipe: PipeEnds?
        var outputPipe: PipeEnds?
        var errorPipe: PipeEnds?
        do {
            if case .bytes(let bytes) = subprocess.standardInput, !bytes.isEmpty {
                let made = try PipeEnds.make(for: name)
                inputPipe = made
                parentEnds.append(made.write)
                childEnds.append(made.read)
            }
            if case .discard = subprocess.standardOutput {} else {
                let made = try PipeEnds.make(for: name)
                outputPipe = made
                parentEnds.append(made.read)
                childEnds.append(made.write)
            }
            if case .discard = subprocess.standardError {} else {
                let made = try PipeEnds.make(for: name)
                errorPipe = made
                parentEnds.append(made.read)
                childEnds.append(made.write)
            }
        } catch {
            closeParentEnds()
            throw error
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let pipe = inputPipe {
            posix_spawn_file_actions_adddup2(&actions, pipe.read, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        for (pipe, target) in [(outputPipe, Int32(1)), (errorPipe, Int32(2))] {
            if let pipe {
                posix_spawn_file_actions_adddup2(&actions, pipe.write, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        _ = GNUFunctions.addClosefrom?(&actions, 3)
        if let directory = subprocess.workingDirectory { _ = GNUFunctions.addChdir?(&actions, directory) }

        var pid: pid_t = 0
        let spawned = launch(name, arguments: subprocess.arguments, environment: subprocess.environment, actions: &actions, searchPath: true, pid: &pid)
        guard spawned == 0 else {
            closeParentEnds()
            throw startFailure(subprocess, spawned)
        }
        return SpawnedChild(pid: pid, input: inputPipe?.write, output: outputPipe?.read, error: errorPipe?.read)
    }

    /// posix_spawn (or posix_spawnp, which looks `executable` up on PATH) with `actions`,
    /// the signals of `restoredSignals` back at their defaults, nothing blocked, and a
    /// process group of its own (pgid = its pid), so that stopping it reaches everything
    /// it started too, such as the children of a `sh -c`. Returns posix_spawn's result.
    private static func launch(_ executable: String, arguments: [String], environment: [String: String]?,
                               actions: inout posix_spawn_file_actions_t, searchPath: Bool, pid: inout pid_t) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in restoredSignals { sigaddset(&defaults, signal) }
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp = environment.map { $0.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { for pointer in envp ?? [] { free(pointer) } }
        let spawn = searchPath ? posix_spawnp : posix_spawn
        if let envp { return spawn(&pid, executable, &actions, &attributes, argv, envp) }
        return spawn(&pid, executable, &actions, &attributes, argv, environ)
    }

    /// posix_spawn says only "ENOENT", whether the program or the working directory is
    /// missing; look at the directory to say which one a person has to fix.
    private static func startFailure(_ subprocess: Subprocess, _ number: Int32) -> SubprocessError {
        let what = "cannot start '\(subprocess.executable)'"
        if let directory = subprocess.workingDirectory {
            var information = stat()
            if stat(directory, &information) != 0 {
                return .system(SubprocessError.spawnFailed, "\(what): working directory '\(directory)'", errno)
            }
            if information.st_mode & S_IFMT != S_IFDIR {
                return .system(SubprocessError.spawnFailed, "\(what): working directory '\(directory)'", ENOTDIR)
            }
            if access(directory, X_OK) != 0 {
                return .system(SubprocessError.spawnFailed, "\(what): working directory '\(directory)'", errno)
            }
        }
        return .system(SubprocessError.spawnFailed, what, number)
    }

    /// A C string ends at its first NUL, so such a string would reach the child cut short
    /// (an argument of `rm` losing its tail is not a risk worth taking).
    private static func rejectNULBytes(_ subprocess: Subprocess) throws(SubprocessError) {
        var strings = [subprocess.executable] + subprocess.arguments
        if let directory = subprocess.workingDirectory { strings.append(directory) }
        for (name, value) in subprocess.environment ?? [:] { strings += [name, value] }
        if let bad = strings.first(where: { $0.utf8.contains(0) }) {
            throw SubprocessError(
                SubprocessError.invalidArgument,
                "cannot start '\(subprocess.executable)': \(String(reflecting: bad)) contains a NUL byte")
        }
        for name in (subprocess.environment ?? [:]).keys where name.isEmpty || name.contains("=") {
            throw SubprocessError(
                SubprocessError.invalidArgument,
                "cannot start '\(subprocess.executable)': \(String(reflecting: name)) is not an environment variable name")
        }
    }
}
