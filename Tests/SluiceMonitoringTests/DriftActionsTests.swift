import Foundation
import SluiceMonitoring
import SluiceStore
import SluiceTestSupport
import Testing

/// What a check does about drift: nothing without it; with it, every `on_drift` action
/// in the order written, each recorded in the check's run, a failure never stopping
/// the next.
@Suite struct DriftActionsTests {
    @Test func withoutDriftNoActionRunsAndNothingIsRecorded() throws {
        let receiver = try LoopbackReceiver()
        let project = try MonitorProject(onDrift: "[alert, {webhook: \"\(receiver.url)\"}, {retrain: sluice.yaml}]")
        try project.run()
        let host = project.host()
        let result = try project.check(host: host)
        #expect(result.verdict == .noDrift)
        #expect(result.actions.isEmpty)
        #expect(try project.actionEvents(result.outcome.runID).isEmpty)
        #expect(receiver.received.isEmpty, "the webhook is not called")
        #expect(host.heard.filter { if case .ran(.retrain, _, _, _) = $0 { true } else { false } }.isEmpty, "nothing is retrained")
    }

    @Test func driftRunsEachActionInTheOrderWrittenAndRecordsEach() throws {
        let receiver = try LoopbackReceiver()
        let project = try MonitorProject(onDrift: "[{webhook: \"\(receiver.url)\"}, alert, {retrain: sluice.yaml}]", current: MonitorProject.shiftedXs)
        try project.run()
        let host = project.host()
        let result = try project.check(host: host)
        #expect(result.actions.map(\.action) == [.webhook(url: receiver.url), .alert, .retrain(pipeline: "sluice.yaml")])
        #expect(result.actions.allSatisfy { $0.ok }, "\(result.actions)")
        let events = try project.actionEvents(result.outcome.runID)
        #expect(events.map { $0.message.prefix(while: { $0 != ":" }) } == ["on_drift webhook", "on_drift alert", "on_drift retrain"])
        #expect(events.map(\.level) == ["info", "alert", "info"])
        #expect(events.allSatisfy { $0.stage.isEmpty }, "an action belongs to the run, not to a stage")

        let run = result.outcome.runID
        #expect(host.heard.map(\.step) == [
            "ran check monitor.yaml", "found \(run)", "performed webhook", "performed alert", "ran retrain sluice.yaml", "performed retrain",
        ], "the host hears each action as it finishes, the alert before a long retrain")
    }

    @Test func theAlertSaysWhatDriftedAndIsRecordedAtLevelAlert() throws {
        let project = try MonitorProject(onDrift: "[alert]", current: MonitorProject.shiftedXs)
        try project.run()
        let result = try project.check()
        let alert = try #require(result.actions.first)
        #expect(alert.detail == result.findings.summary)
        #expect(alert.detail.hasPrefix("drift in 2 of 2 feature(s) ("), "\(alert.detail)")
        #expect(alert.detail.contains("x: ") && alert.detail.contains("prediction: "), "each drifted feature is named: \(alert.detail)")
        #expect(alert.detail.hasSuffix(") at stage drift, model houses"), "\(alert.detail)")
        let event = try #require(try project.actionEvents(result.outcome.runID).first)
        #expect(event.level == "alert")
        #expect(event.message == "on_drift alert: \(alert.detail)")
    }

    @Test func aRejectedWebhookIsReportedRecordedAsAnErrorAndTheNextActionsStillRun() throws {
        let receiver = try LoopbackReceiver(status: 500)
        let project = try MonitorProject(onDrift: "[{webhook: \"\(receiver.url)\"}, alert, {retrain: sluice.yaml}]", current: MonitorProject.shiftedXs)
        try project.run()
        let result = try project.check()
        #expect(result.verdict == .driftDetected, "a failed action does not hide the drift")
        let webhook = try #require(result.actions.first)
        #expect(!webhook.ok)
        #expect(webhook.detail == "\(receiver.url): error: the receiver answered HTTP 500 [webhook.rejected]")
        #expect(result.actions.dropFirst().map(\.name) == ["alert", "retrain"])
        #expect(result.actions.dropFirst().allSatisfy { $0.ok }, "\(result.actions)")
        let events = try project.actionEvents(result.outcome.runID)
        #expect(events.first?.level == "error")
        #expect(events.first?.message == "on_drift webhook: \(webhook.detail)")
    }

    @Test func anUnreachableWebhookSaysSoAndHowToFixIt() throws {
        // Port 1 (tcpmux) is privileged and never served on a test machine.
        let url = "http://127.0.0.1:1/hooks/drift"
        let project = try MonitorProject(onDrift: "[{webhook: \"\(url)\"}]", current: MonitorProject.shiftedXs)
        try project.run()
        let webhook = try #require(try project.check().actions.first)
        #expect(!webhook.ok)
        #expect(webhook.detail.contains("[webhook.unreachable]"), "\(webhook.detail)")
        #expect(webhook.detail.contains("Check that the receiver is running"), "\(webhook.detail)")
    }
}

extension PlainHost.Heard {
    /// One line per step, for comparing sequences.
    var step: String {
        switch self {
        case .ran(let purpose, let file, _, _): "ran \(purpose) \(file)"
        case .found(let run): "found \(run)"
        case .performed(let action): "performed \(action)"
        }
    }
}
