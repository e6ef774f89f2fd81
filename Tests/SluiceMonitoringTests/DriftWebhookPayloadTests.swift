import Foundation
import SluiceJSON
import SluiceMonitoring
import SluiceTestSupport
import Testing

/// What a webhook receives on drift: enough to act on without reading the run store.
@Suite struct DriftWebhookPayloadTests {
    @Test func theReceiverGetsThePipelineTheRunAndEveryFeaturesStatistics() throws {
        let receiver = try LoopbackReceiver()
        let project = try MonitorProject(onDrift: "[{webhook: \"\(receiver.url)\"}]", current: MonitorProject.shiftedXs)
        try project.run()
        let result = try project.check()
        #expect(result.actions.first?.detail == "\(receiver.url) answered HTTP 204")

        let request = try #require(receiver.received.first)
        #expect(request.method == "POST" && request.path == "/hooks/drift")
        let payload = try JSONValue.parse(request.body)
        #expect(payload["event"] == .string("drift_detected"))
        #expect(payload["pipeline"] == .string("houses-monitor"))
        #expect(payload["file"] == .string("monitor.yaml"))
        #expect(payload["project"] == .string(project.location("monitor.yaml").projectDirectory))
        #expect(payload["run"] == .string(result.outcome.runID))
        #expect(payload["summary"] == .string(result.findings.summary))
        #expect(payload["time"]?.stringValue.flatMap(ISO8601DateFormatter().date(from:)) != nil, "an ISO 8601 time")

        let report = try #require(payload["reports"]?.arrayValue?.first)
        #expect(report["stage"] == .string("drift"))
        #expect(report["model"] == .string("houses"))
        #expect(report["reference_rows"]?.doubleValue == 40)
        #expect(report["current_rows"]?.doubleValue == 40)
        #expect(Set(report["drifted_features"]?.arrayValue?.compactMap(\.stringValue) ?? []) == ["x", "prediction"])
        let x = try #require(report["features"]?.arrayValue?.first { $0["column"] == .string("x") })
        #expect(x["status"] == .string("drift"))
        let psi = try #require(x["statistics"]?["psi"])
        #expect(psi["value"]?.doubleValue != nil && psi["threshold"]?.doubleValue != nil, "\(psi)")
        #expect(psi["status"]?.stringValue.map(["ok", "drift"].contains) == true, "\(psi)")
    }

    @Test func thePayloadIsTheSameDocumentTheActionPosts() throws {
        let receiver = try LoopbackReceiver()
        let project = try MonitorProject(onDrift: "[{webhook: \"\(receiver.url)\"}]", current: MonitorProject.shiftedXs)
        try project.run()
        let result = try project.check()
        let body = try #require(receiver.received.first).body
        let time = try #require(try JSONValue.parse(body)["time"]?.stringValue.flatMap(ISO8601DateFormatter().date(from:)))
        let built = DriftWebhookPayload(findings: result.findings, pipeline: "houses-monitor", location: project.location("monitor.yaml"), time: time)
        #expect(Data(built.json.canonicalText.utf8) == body, "posted as canonical JSON, byte for byte")
    }

    @Test func theTimeIsUTCInISO8601() throws {
        let project = try MonitorProject()
        try project.run()
        let findings = try project.check().findings
        let payload = DriftWebhookPayload(findings: findings, pipeline: "p", location: project.location("monitor.yaml"),
                                          time: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(payload.json["time"] == .string("2027-01-15T08:00:00Z"))
    }
}
