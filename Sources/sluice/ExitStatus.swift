import SluiceMonitoring
import SluiceStore
import SluiceSupport

/// The process exit codes of `sluice`, in one place. Documented in the README.
enum ExitStatus: Int32, Sendable {
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

    /// The exit status of a command that stopped with an error of this kind.
    init(_ kind: SluiceError.Kind) {
        self = switch kind {
        case .usage: .usage
        case .config: .configError
        case .failure: .failure
        case .stageFailed: .stageFailed
        case .gateFailed: .gateFailed
        case .cancelled: .cancelled
        }
    }

    /// The exit status of a command that ran a pipeline to this end.
    init(_ run: RunStatus) {
        self = switch run {
        case .succeeded: .success
        case .failed, .interrupted, .running, .rejected: .stageFailed
        case .gateFailed: .gateFailed
        case .awaitingApproval: .awaitingApproval
        case .cancelled: .cancelled
        }
    }

    /// The exit status of a `sluice monitor` check (with --every, of the last one).
    init(_ verdict: CheckVerdict) {
        self = switch verdict {
        case .noDrift: .success
        case .driftDetected: .driftDetected
        case .cancelled: .cancelled
        case .runEnded(let run): ExitStatus(run)
        }
    }
}
