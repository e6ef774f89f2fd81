import Foundation
import SluiceMonitoring
import SluiceStore
import Testing

/// What a check concludes from how its run ended and whether it found drift.
@Suite struct CheckVerdictTests {
    @Test func aSucceededRunWithoutDriftIsNoDrift() {
        #expect(CheckVerdict(run: .succeeded, driftDetected: false) == .noDrift)
    }

    @Test(arguments: [RunStatus.succeeded, .gateFailed, .failed])
    func driftOutranksTheFailureItCauses(_ run: RunStatus) {
        #expect(CheckVerdict(run: run, driftDetected: true) == .driftDetected)
    }

    @Test(arguments: [false, true])
    func aCancelledCheckIsCancelledWhateverItFound(_ drift: Bool) {
        #expect(CheckVerdict(run: .cancelled, driftDetected: drift) == .cancelled)
    }

    @Test(arguments: [RunStatus.failed, .gateFailed, .awaitingApproval, .rejected, .interrupted])
    func aRunThatDidNotSucceedWithoutDriftSaysHowItEnded(_ run: RunStatus) {
        #expect(CheckVerdict(run: run, driftDetected: false) == .runEnded(run))
    }

    @Test func aRealCheckThatFindsDriftFailsItsDriftGateAndStillSaysDrift() throws {
        let project = try MonitorProject(current: MonitorProject.shiftedXs)
        try project.run()
        let result = try project.check()
        #expect(result.outcome.status == .gateFailed, "the drift stage fails on drift by default")
        #expect(result.verdict == .driftDetected)
    }

    @Test func aMonitoringRunThatFailsIsAVerdictNotAnErrorAndTakesNoAction() throws {
        let project = try MonitorProject(onDrift: "[alert]")
        try project.run()
        try FileManager.default.removeItem(atPath: project.folder.file("current.csv"))
        let result = try project.check()
        #expect(result.outcome.status == .failed)
        #expect(result.findings.reports.isEmpty)
        #expect(result.actions.isEmpty)
        #expect(result.verdict == .runEnded(.failed))
    }
}
