import SluiceJSON
import SluiceMonitoring
import Testing

/// The machine-readable summary of a check (`sluice monitor --json`).
@Suite struct CheckResultTests {
    @Test func theSummaryListsTheRunItsReportsAndActionsWithTheCallersExitCode() throws {
        let project = try MonitorProject(onDrift: "[alert]", current: MonitorProject.shiftedXs)
        try project.run()
        let result = try project.check()
        let json = result.json(exitCode: 8)
        #expect(json["run"] == .string(result.outcome.runID))
        #expect(json["status"] == .string("gate-failed"))
        #expect(json["drift_detected"] == .bool(true))
        #expect(json["exit_code"] == .integer(8), "the code is the caller's: the library knows none")
        let report = try #require(json["reports"]?.arrayValue?.first)
        #expect(report == .object(["stage": .string("drift"), "model": .string("houses"), "report": result.findings.reports[0].json]),
                "each report as the stage wrote it")
        #expect(json["actions"] == .array(result.actions.map(\.json)))
        #expect(result.actions.map(\.name) == ["alert"])
    }

    @Test func withoutDriftTheSummaryHasNoActions() throws {
        let project = try MonitorProject(onDrift: "[alert]")
        try project.run()
        let json = try project.check().json(exitCode: 0)
        #expect(json["drift_detected"] == .bool(false))
        #expect(json["status"] == .string("succeeded"))
        #expect(json["actions"] == .array([]))
    }
}
