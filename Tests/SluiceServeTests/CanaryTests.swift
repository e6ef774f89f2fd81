import Foundation
import Testing

/// A canary answers its share of the requests; every response names its version.
@Suite struct CanaryTests {
    static let stable = ("1", ModelFixture.linear(intercept: 0, ["x": 1]))
    static let candidate = ("2", ModelFixture.linear(intercept: 0, ["x": 2]))
    static let body = #"{"inputs":[{"name":"x","shape":[1],"datatype":"FP64","data":[5]}]}"#

    @Test func twentyPercentOfAThousandRequestsGoToTheCanary() async throws {
        let live = try await LiveServer.start(TestModels(primary: Self.stable, canary: Self.candidate, percent: 20))
        defer { Task { await live.stop() } }
        let responses = try await live.client { client in
            try (0..<1000).map { _ in try client.post("/v2/models/m/infer", Self.body) }
        }
        #expect(responses.allSatisfy { $0.status == 200 })
        let canary = responses.filter { $0.version == "2" }
        #expect(canary.count == 200)
        #expect(responses.filter { $0.version == "1" }.count == 800)
        // The header tells the truth: each version computes its own answer.
        #expect(canary.allSatisfy { ($0.json["outputs"] as? [[String: Any]])?.first?["data"] as? [Double] == [10] })

        let metrics = try await live.client { try $0.get("/metrics").text }
        #expect(metrics.contains(#"sluice_requests_total{model="m",version="1",endpoint="infer",code="200"} 800"#))
        #expect(metrics.contains(#"sluice_requests_total{model="m",version="2",endpoint="infer",code="200"} 200"#))
        #expect(metrics.contains(#"sluice_model_info{model="m",version="2",role="canary",plugin="fixture.model"} 1"#))
        #expect(metrics.contains(#"sluice_canary_percent{model="m"} 20.0"#))
    }

    @Test func theShareHoldsUnderConcurrentClients() async throws {
        let live = try await LiveServer.start(TestModels(primary: Self.stable, canary: Self.candidate, percent: 25))
        defer { Task { await live.stop() } }
        let versions = try await withThrowingTaskGroup(of: [String?].self) { group in
            for _ in 0..<4 {
                group.addTask { try await live.client { client in try (0..<100).map { _ in try client.post("/invocations", #"{"inputs":{"x":[1]}}"#).version } } }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(versions.count == 400)
        #expect(versions.filter { $0 == "2" }.count == 100)
    }

    @Test func withoutACanaryThePrimaryAnswersEverything() async throws {
        let live = try await LiveServer.start(TestModels(primary: Self.stable))
        defer { Task { await live.stop() } }
        let versions = try await live.client { client in try (0..<50).map { _ in try client.post("/invocations", #"{"inputs":{"x":[1]}}"#).version } }
        #expect(Set(versions) == ["1"])
    }
}
