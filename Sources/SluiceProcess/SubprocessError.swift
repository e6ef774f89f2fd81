#if canImport(Glibc)
import Glibc
#endif

/// A child that could not be started or followed. `code` is stable, for callers to
/// branch on; `message` is for a person and names the program and the system's reason.
package struct SubprocessError: Error, Equatable, CustomStringConvertible {
    /// The executable, the working directory or the environment could not be used
    /// (no such file, permission denied, ...).
    package static let spawnFailed = "process.spawn-failed"
    /// This process could not make the pipes (too many open files, ...).
    package static let pipeFailed = "process.pipe-failed"
    /// A string handed to the child contains a NUL byte, which C strings cannot carry.
    package static let invalidArgument = "process.invalid-argument"
    /// The C library lacks a function this needs (setting a working directory).
    package static let unsupported = "process.unsupported"
    /// Waiting for the child failed (for example someone else reaped it).
    package static let waitFailed = "process.wait-failed"

    package let code: String
    package let message: String
    /// The errno behind it, when there is one.
    package let systemError: Int32?

    package init(_ code: String, _ message: String, systemError: Int32? = nil) {
        self.code = code
        self.message = message
        self.systemError = systemError
    }

    package var description: String { message }

    /// "<what>: <strerror>", the form people are used to from the shell.
    static func system(_ code: String, _ what: String, _ number: Int32) -> SubprocessError {
        SubprocessError(code, "\(what): \(String(cString: strerror(number)))", systemError: number)
    }
}
