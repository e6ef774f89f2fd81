import Foundation
import SluiceMonitoring
import Testing

/// `--every`: check, pause, check again until stopped; the last check's verdict is the
/// schedule's.
@Suite struct MonitorScheduleTests {
    @Test func theScheduleChecksAgainAfterEachPauseAndEndsWithTheLastVerdict() throws {
        let project = try MonitorProject(onDrift: "[alert]")
        try project.run()
        let context = try project.context()
        let stop = StopRequest()
        var pauses = 0
        let verdict = try MonitorSchedule(interval: 0.01, stop: stop).run({ try MonitorCheck(context: context).run(project.host()).verdict }) { _ in
            pauses += 1
            // Traffic moves away from the training data between the first and second check.
            if pauses == 1 { try? project.writeCurrent(MonitorProject.shiftedXs) } else { stop.request() }
        }
        #expect(pauses == 2)
        #expect(verdict == .driftDetected, "the second check's")
        let checks = try project.store.runs(pipeline: "houses-monitor")
        #expect(checks.count == 2, "every check is a recorded run")
    }

    @Test func aCancelledCheckEndsTheScheduleAtOnce() {
        var checks = 0, pauses = 0
        let verdict = MonitorSchedule(interval: 60, stop: StopRequest()).run({ checks += 1; return .cancelled }) { _ in pauses += 1 }
        #expect(verdict == .cancelled)
        #expect(checks == 1 && pauses == 0, "Ctrl-C during a check means stop, not wait for the next")
    }

    @Test func aStopRequestedDuringACheckEndsTheScheduleAfterIt() {
        let stop = StopRequest()
        var pauses = 0
        let verdict = MonitorSchedule(interval: 60, stop: stop).run({ stop.request(); return .noDrift }) { _ in pauses += 1 }
        #expect(verdict == .noDrift)
        #expect(pauses == 0)
    }

    @Test func thePauseLastsTheIntervalAndSaysWhenTheNextCheckIsDue() {
        let stop = StopRequest()
        var starts: [Date] = [], due: [Date] = []
        _ = MonitorSchedule(interval: 0.2, stop: stop).run({
            starts.append(Date())
            if starts.count == 2 { stop.request() }
            return .noDrift
        }) { next in due.append(next) }
        #expect(starts.count == 2 && due.count == 1)
        #expect(starts[1].timeIntervalSince(starts[0]) >= 0.2)
        #expect(abs(due[0].timeIntervalSince(starts[0]) - 0.2) < 0.1, "the due time is one interval after the check")
    }

    @Test func aStopRequestCutsThePauseShort() {
        let stop = StopRequest()
        let started = Date()
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.05)
            stop.request()
        }
        #expect(stop.wait(seconds: 30))
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func aPauseWithoutAStopRequestRunsOutAndSaysSo() {
        #expect(!StopRequest().wait(seconds: 0.01))
    }
}
