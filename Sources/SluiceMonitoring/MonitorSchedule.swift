import Foundation

/// Checks on a schedule (`sluice monitor --every`): a check, a pause, another check,
/// until a stop is requested or a check is cancelled. The last check's verdict is the
/// schedule's, so a loop stopped after drift still says drift.
package struct MonitorSchedule: Sendable {
    /// Seconds between the end of one check and the start of the next.
    package let interval: Double
    package let stop: StopRequest

    package init(interval: Double, stop: StopRequest) {
        self.interval = interval
        self.stop = stop
    }

    /// Runs `check` until stopped. `pausing` hears when the next check is due, before
    /// each pause.
    package func run(_ check: () throws -> CheckVerdict, pausing: (Date) -> Void) rethrows -> CheckVerdict {
        while true {
            let verdict = try check()
            // A cancelled check was Ctrl-C during the run: the user wants out, not another check.
            if verdict == .cancelled || stop.isRequested { return verdict }
            pausing(Date().addingTimeInterval(interval))
            if stop.wait(seconds: interval) { return verdict }
        }
    }
}
