import SluiceProcess

/// Runs `git` and returns what it printed, or nil when it failed or overran its time
/// (then it is killed).
package enum GitCommand {
    /// `executable` is looked up on PATH; tests pass a stand-in for git.
    package static func run(_ arguments: [String], timeout: Duration, executable: String = "git") -> String? {
        // A status must not write the index (and take its lock) under a user's own git.
        var environment = Subprocess.inheritedEnvironment
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        let process = Subprocess(executable, arguments: arguments, environment: environment, timeout: timeout)
        guard let result = try? process.run(), result.succeeded else { return nil }
        return result.outputText
    }
}
