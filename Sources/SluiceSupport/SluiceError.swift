/// An error the host reports to a person: a stable code, where it happened, what
/// happened and how to fix it.
///
/// Codes are stable identifiers (`plugin.not-a-library`) that scripts and tests may
/// match on; messages may be reworded.
package struct SluiceError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A stable identifier of the kind of error.
    package let code: String
    /// Where: a file path, `file:line:column`, or a plugin/stage id. May be empty.
    package let location: String
    /// What happened, then how to fix it.
    package let message: String
    /// Which exit code the CLI uses for it.
    package let exit: ExitStatus

    package init(_ code: String, at location: String = "", _ message: String, exit: ExitStatus = .configError) {
        self.code = code
        self.location = location
        self.message = message
        self.exit = exit
    }

    /// `LOCATION: error: MESSAGE [code]`, one line.
    package var description: String {
        (location.isEmpty ? "" : "\(location): ") + "error: \(message) [\(code)]"
    }
}

/// The process exit codes of `sluice`, in one place. Documented in the README.
package enum ExitStatus: Int32, Sendable {
    case success = 0
    case failure = 1
    case usage = 2
    case configError = 3
    case stageFailed = 4
    case gateFailed = 5
    case awaitingApproval = 6
    case cancelled = 7
    /// `sluice monitor` found drift in at least one feature.
    case driftDetected = 8
}
