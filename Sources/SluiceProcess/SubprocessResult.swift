#if canImport(Glibc)
import Glibc
#endif

/// How a child ended, and what it printed on the streams that were captured.
package struct SubprocessResult: Sendable {
    /// How the run ended: on its own, or stopped by a timeout or a cancellation.
    package enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
        case cancelled

        package var description: String {
            switch self {
            case .exited(let code): "exited with status \(code)"
            case .signalled(let signal): "was killed by signal \(signal) (\(String(cString: strsignal(signal))))"
            case .timedOut: "timed out and was stopped"
            case .cancelled: "was stopped because the run was cancelled"
            }
        }
    }

    /// How the child process itself ended, also when it was stopped: it may have exited
    /// on SIGTERM by itself, died of it, or needed SIGKILL.
    package enum Status: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)

        /// Decodes a waitpid status (the WIFEXITED / WTERMSIG macros are not visible from
        /// Swift). Stopped children are not reported, since waitpid is not asked for them.
        init(waitStatus: Int32) {
            let signal = waitStatus & 0x7f
            self = signal == 0 ? .exited((waitStatus >> 8) & 0xff) : .signalled(signal)
        }
    }

    package var termination: Termination
    package var status: Status
    /// Empty unless standard output was `.capture`.
    package var standardOutput: [UInt8]
    /// Empty unless standard error was `.capture`.
    package var standardError: [UInt8]
    package var standardOutputTruncated: Bool
    package var standardErrorTruncated: Bool

    /// Exited on its own with status 0.
    package var succeeded: Bool { termination == .exited(0) }
    package var outputText: String { String(decoding: standardOutput, as: UTF8.self) }
    package var errorText: String { String(decoding: standardError, as: UTF8.self) }
}
