import SluiceStore

/// What one monitor check concluded, for whoever reports it (the CLI turns it into its
/// exit status; the library knows no exit codes).
package enum CheckVerdict: Sendable, Equatable {
    /// The monitoring run succeeded and no feature drifted.
    case noDrift
    /// At least one feature drifted, whatever else failed: the drift gate that fails
    /// because of it must not hide the drift.
    case driftDetected
    /// Ctrl-C or SIGTERM stopped the check: what it found is partial, drift or not.
    case cancelled
    /// The monitoring run did not succeed (a stage failed, another gate failed, it waits
    /// for an approval) and found no drift.
    case runEnded(RunStatus)

    package init(run: RunStatus, driftDetected: Bool) {
        if run == .cancelled {
            self = .cancelled
        } else if driftDetected {
            self = .driftDetected
        } else if run == .succeeded {
            self = .noDrift
        } else {
            self = .runEnded(run)
        }
    }
}
