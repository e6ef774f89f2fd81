import Foundation
import SluiceServe
import SluiceTestSupport
import Synchronization
import Testing

/// Moving an alias switches the served version without failing a request; a version
/// that cannot load leaves the old one serving.
@Suite struct HotReloadTests {
    static let v1 = ("1", ModelFixture.linear(intercept: 0, ["x": 1]))
    static let v2 = ("2", ModelFixture.linear(intercept: 0, ["x": 2]))
    static let v3 = ("3", ModelFixture.linear(intercept: 0, ["x": 3]))
    static let body = #"{"dataframe_split":{"columns":["x"],"data":[[1],[2],[3]]}}"#

    @Test func reloadsUnderConcurrentLoadFailNoRequest() async throws {
        let models = TestModels(primary: Self.v1)
        let live = try await LiveServer.start(models)
        defer { Task { await live.stop() } }
        let answered = Counter()
        // Four clients keep sending while the plan moves v1 → v2 → v1 (rollback) →
        // v3 with v1 as canary; each move happens once more requests were answered,
        // so every swap lands in the middle of the traffic.
        async let load = withThrowingTaskGroup(of: [HTTPTestClient.Response].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await live.client { client in
                        try (0..<150).map { _ in
                            defer { answered.add() }
                            return try client.post("/invocations", Self.body)
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        for (step, (primary, canary)) in ([(Self.v2, nil), (Self.v1, nil), (Self.v3, Self.v1)] as [((String, String), (String, String)?)]).enumerated() {
            while answered.value < 100 * (step + 1) { try await Task.sleep(for: .milliseconds(1)) }
            models.set(primary: primary, canary: canary, percent: 50)
            #expect(live.server.host.reload() == .reloaded(primary: primary.0, canary: canary?.0))
        }
        let responses = try await load
        #expect(responses.count == 600)
        #expect(responses.allSatisfy { $0.status == 200 }, "\(responses.first { $0.status != 200 }?.text ?? "")")
        #expect(Set(responses.compactMap(\.version)) == ["1", "2", "3"])
        // Every answer is the one its version computes.
        for response in responses {
            let version = try #require(response.version)
            let factor = try #require(Double(version))
            #expect(response.json["predictions"] as? [Double] == [factor, 2 * factor, 3 * factor])
        }
    }

    @Test func aFailedReloadKeepsTheOldVersionServingAndSaysWhy() async throws {
        let models = TestModels(primary: Self.v1)
        let live = try await LiveServer.start(models)
        defer { Task { await live.stop() } }
        models.set(primary: ("2", ModelFixture.broken))
        guard case .failed(let message) = live.server.host.reload() else {
            Issue.record("a broken artifact must fail the reload")
            return
        }
        #expect(message.contains("still serving version 1"))
        #expect(message.contains("intercept"), "the plugin's reason is in the message: \(message)")
        #expect(live.logged.contains(message))
        let (response, metrics) = try await live.client { client in
            (try client.post("/invocations", Self.body), try client.get("/metrics").text)
        }
        #expect(response.status == 200)
        #expect(response.version == "1")
        #expect(metrics.contains(#"sluice_model_reloads_total{result="failure"} 1"#))
    }

    @Test func anUnchangedRevisionIsNotReloaded() async throws {
        let live = try await LiveServer.start(TestModels(primary: Self.v1))
        defer { Task { await live.stop() } }
        #expect(live.server.host.reload() == .unchanged)
    }

    @Test func thePollerPicksUpAMovedAlias() async throws {
        let models = TestModels(primary: Self.v1)
        let live = try await LiveServer.start(models, poll: .milliseconds(20))
        defer { Task { await live.stop() } }
        models.set(primary: Self.v2)
        // Bounded wait: the poller checks every 20 ms.
        var version: String?
        for _ in 0..<500 where version != "2" {
            version = try await live.client { try $0.post("/invocations", Self.body).version }
            if version != "2" { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(version == "2")
        #expect(live.logged.contains { $0.contains("now serving m version 2 (was version 1)") })
    }

    @Test func aRewrittenModelFileIsReloaded() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("model.json")
        try folder.write("model.json", Self.v1.1)
        let live = try await LiveServer.start(ModelFiles(primary: path))
        defer { Task { await live.stop() } }
        let before = live.server.host.deployment.primary.label
        #expect(before.hasPrefix("sha256:"))
        // Another length, so the change shows even within the file system's clock tick.
        try folder.write("model.json", ModelFixture.linear(intercept: 0, ["x": 20]))
        guard case .reloaded(let after, nil) = live.server.host.reload() else {
            Issue.record("rewriting the file must reload it")
            return
        }
        #expect(after != before)
        let response = try await live.client { try $0.post("/invocations", Self.body) }
        #expect(response.json["predictions"] as? [Double] == [20, 40, 60])
        #expect(response.version == after)
    }
}

/// A count shared between client threads and the test.
final class Counter: Sendable {
    private let count = Atomic(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
