import Foundation
import Testing

/// /admin needs the configured bearer token; without one it is disabled.
@Suite struct AdminTests {
    static let v1 = ("1", ModelFixture.linear(intercept: 0, ["x": 1]))
    static let v2 = ("2", ModelFixture.linear(intercept: 0, ["x": 2]))

    @Test func withoutATokenAdminIsDisabled() async throws {
        let live = try await LiveServer.start(TestModels(primary: Self.v1))
        defer { Task { await live.stop() } }
        let (reload, canary) = try await live.client { client in
            (try client.post("/admin/reload", "{}", headers: ["Authorization": "Bearer anything"]),
             try client.post("/admin/canary", #"{"percent":5}"#))
        }
        #expect(reload.status == 403)
        #expect(canary.status == 403)
        #expect((reload.json["error"] as? String)?.hasPrefix("admin disabled") == true)
        #expect(reload.json["code"] as? String == "admin.disabled")
    }

    @Test func aMissingOrWrongTokenIsRefused() async throws {
        let live = try await LiveServer.start(TestModels(primary: Self.v1), adminToken: "s3cret")
        defer { Task { await live.stop() } }
        let (missing, wrong, prefix) = try await live.client { client in
            (try client.post("/admin/reload", "{}"),
             try client.post("/admin/reload", "{}", headers: ["Authorization": "Bearer s3creT"]),
             try client.post("/admin/reload", "{}", headers: ["Authorization": "Bearer s3c"]))
        }
        for response in [missing, wrong, prefix] {
            #expect(response.status == 401)
            #expect(response.headers["www-authenticate"] == "Bearer")
        }
    }

    @Test func reloadWithTheTokenLoadsTheCurrentPlan() async throws {
        let models = TestModels(primary: Self.v1)
        let live = try await LiveServer.start(models, adminToken: "s3cret")
        defer { Task { await live.stop() } }
        models.set(primary: Self.v2)
        let (reload, after) = try await live.client { client in
            (try client.post("/admin/reload", "", headers: ["Authorization": "Bearer s3cret"]),
             try client.post("/invocations", #"{"inputs":{"x":[1]}}"#))
        }
        #expect(reload.status == 200)
        #expect(reload.json["version"] as? String == "2")
        #expect(after.version == "2")
    }

    @Test func aFailedAdminReloadSaysWhyAndKeepsServing() async throws {
        let models = TestModels(primary: Self.v1)
        let live = try await LiveServer.start(models, adminToken: "s3cret")
        defer { Task { await live.stop() } }
        models.set(primary: ("2", ModelFixture.broken))
        let (reload, after) = try await live.client { client in
            (try client.post("/admin/reload", "", headers: ["Authorization": "Bearer s3cret"]),
             try client.post("/invocations", #"{"inputs":{"x":[1]}}"#))
        }
        #expect(reload.status == 500)
        #expect(reload.json["code"] as? String == "admin.reload-failed")
        #expect((reload.json["error"] as? String)?.contains("still serving version 1") == true)
        #expect(after.status == 200 && after.version == "1")
    }

    @Test func theCanaryShareCanBeSetLive() async throws {
        let live = try await LiveServer.start(TestModels(primary: Self.v1, canary: Self.v2, percent: 0), adminToken: "s3cret")
        defer { Task { await live.stop() } }
        let (set, versions, bad) = try await live.client { client in
            let set = try client.post("/admin/canary", #"{"percent":50}"#, headers: ["Authorization": "Bearer s3cret"])
            let versions = try (0..<100).map { _ in try client.post("/invocations", #"{"inputs":{"x":[1]}}"#).version }
            let bad = try client.post("/admin/canary", #"{"percent":150}"#, headers: ["Authorization": "Bearer s3cret"])
            return (set, versions, bad)
        }
        #expect(set.status == 200)
        #expect(set.json["canary_percent"] as? Double == 50)
        #expect(versions.filter { $0 == "2" }.count == 50)
        #expect(bad.status == 400)
    }

    @Test func settingACanaryShareWithoutACanaryIsAConflict() async throws {
        let live = try await LiveServer.start(TestModels(primary: Self.v1), adminToken: "s3cret")
        defer { Task { await live.stop() } }
        let response = try await live.client { try $0.post("/admin/canary", #"{"percent":10}"#, headers: ["Authorization": "Bearer s3cret"]) }
        #expect(response.status == 409)
        #expect(response.json["code"] as? String == "admin.no-canary")
    }
}
