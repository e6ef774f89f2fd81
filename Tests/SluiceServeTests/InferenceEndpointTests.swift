import Foundation
import SluiceArrow
import Testing

/// The Open Inference Protocol v2 endpoints, on a model computing 2x + 1.
@Suite struct InferenceEndpointTests {
    static let model = ModelFixture.linear(intercept: 1, ["x": 2])

    @Test func healthEndpointsSayLiveAndReady() async throws {
        let live = try await LiveServer.start(TestModels(primary: ("v1", Self.model)))
        defer { Task { await live.stop() } }
        let (liveness, readiness, modelReady) = try await live.client { client in
            (try client.get("/v2/health/live"), try client.get("/v2/health/ready"), try client.get("/v2/models/m/ready"))
        }
        #expect(liveness.status == 200 && liveness.json["live"] as? Bool == true)
        #expect(readiness.status == 200 && readiness.json["ready"] as? Bool == true)
        #expect(modelReady.status == 200 && modelReady.json["ready"] as? Bool == true)
    }

    @Test func metadataListsTheModelsFeaturesAsInputs() async throws {
        let twoFeatures = ModelFixture.linear(intercept: 0, ["a": 1, "b": 2])
        let live = try await LiveServer.start(TestModels(primary: ("7", twoFeatures)))
        defer { Task { await live.stop() } }
        let response = try await live.client { try $0.get("/v2/models/m") }
        #expect(response.status == 200)
        #expect(response.json["name"] as? String == "m")
        #expect(response.json["versions"] as? [String] == ["7"])
        #expect(response.json["platform"] as? String == "sluice/fixture.model")
        let inputs = try #require(response.json["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["name"] as? String } == ["a", "b"])
        #expect(inputs.map { $0["datatype"] as? String } == ["FP64", "FP64"])
        #expect(inputs.map { $0["shape"] as? [Int] } == [[-1], [-1]])
        let outputs = try #require(response.json["outputs"] as? [[String: Any]])
        #expect(outputs.first?["name"] as? String == "prediction")
        #expect(response.version == "7")
    }

    @Test func namedTensorsArePredictedColumnByColumn() async throws {
        let live = try await LiveServer.start(TestModels(primary: ("v1", Self.model)))
        defer { Task { await live.stop() } }
        let response = try await live.client { client in
            try client.post("/v2/models/m/infer", #"{"id":"req-1","inputs":[{"name":"x","shape":[3],"datatype":"FP64","data":[0,1.5,-2]}]}"#)
        }
        #expect(response.status == 200)
        #expect(response.version == "v1")
        #expect(response.json["model_name"] as? String == "m")
        #expect(response.json["model_version"] as? String == "v1")
        #expect(response.json["id"] as? String == "req-1")
        let output = try #require((response.json["outputs"] as? [[String: Any]])?.first)
        #expect(output["name"] as? String == "prediction")
        #expect(output["datatype"] as? String == "FP64")
        #expect(output["shape"] as? [Int] == [3])
        #expect(output["data"] as? [Double] == [1, 4, -3])
    }

    @Test func keysMayComeInAnyOrderAndDataMayBeNested() async throws {
        let live = try await LiveServer.start(TestModels(primary: ("v1", Self.model)))
        defer { Task { await live.stop() } }
        let response = try await live.client { client in
            try client.post("/v2/models/m/infer", #"{"inputs":[{"data":[[1],[2]],"datatype":"FP32","shape":[2,1],"name":"x"}]}"#)
        }
        #expect(response.status == 200)
        #expect((response.json["outputs"] as? [[String: Any]])?.first?["data"] as? [Double] == [3, 5])
    }

    @Test func integerTensorsFeedFloatFeatures() async throws {
        let live = try await LiveServer.start(TestModels(primary: ("v1", Self.model)))
        defer { Task { await live.stop() } }
        let response = try await live.client { client in
            try client.post("/v2/models/m/infer", #"{"inputs":[{"name":"x","shape":[2],"datatype":"INT64","data":[10,20]}]}"#)
        }
        #expect(response.status == 200)
        #expect((response.json["outputs"] as? [[String: Any]])?.first?["data"] as? [Double] == [21, 41])
    }

    @Test func oneTwoDimensionalTensorHoldsTheFeaturesInOrder() async throws {
        let model = ModelFixture.linear(intercept: 0, ["a": 1, "b": 10, "c": 100])
        let live = try await LiveServer.start(TestModels(primary: ("v1", model)))
        defer { Task { await live.stop() } }
        let response = try await live.client { client in
            try client.post("/v2/models/m/infer", #"{"inputs":[{"name":"input-0","shape":[2,3],"datatype":"FP64","data":[1,2,3,4,5,6]}]}"#)
        }
        #expect(response.status == 200)
        #expect((response.json["outputs"] as? [[String: Any]])?.first?["data"] as? [Double] == [321, 654])
    }

    @Test func predictionsEqualTheModelCapabilitysOwn() async throws {
        let model = ModelFixture.linear(intercept: 0.25, ["a": 1.5, "b": -0.75])
        let live = try await LiveServer.start(TestModels(primary: ("v1", model)))
        defer { Task { await live.stop() } }
        let a = (0..<100).map { Double($0) * 0.37 - 11 }
        let b = (0..<100).map { Double($0 * $0) / 7 }
        let body = """
        {"inputs":[{"name":"a","shape":[100],"datatype":"FP64","data":\(a)},{"name":"b","shape":[100],"datatype":"FP64","data":\(b)}]}
        """
        let response = try await live.client { try $0.post("/v2/models/m/infer", body) }
        // Read with Double(String), which rounds exactly (JSONSerialization may not).
        let data = try #require(response.text.split(separator: "\"data\":[").last?.split(separator: "]").first)
        let served = data.split(separator: ",").map { Double($0) }
        let direct = try live.server.host.deployment.primary.model.predict(ArrowTable(["a": .float64(a), "b": .float64(b)]))
        #expect(direct.values("prediction") == .float64(served))
    }

    @Test func aVersionCanBeAskedForByLabel() async throws {
        let models = TestModels(primary: ("v1", Self.model), canary: ("v2", ModelFixture.linear(intercept: 0, ["x": 3])), percent: 0)
        let live = try await LiveServer.start(models)
        defer { Task { await live.stop() } }
        let (pinned, metadata) = try await live.client { client in
            (try client.post("/v2/models/m/versions/v2/infer", #"{"inputs":[{"name":"x","shape":[1],"datatype":"FP64","data":[2]}]}"#),
             try client.get("/v2/models/m/versions/v2"))
        }
        #expect(pinned.version == "v2")
        #expect((pinned.json["outputs"] as? [[String: Any]])?.first?["data"] as? [Double] == [6])
        #expect(metadata.version == "v2")
    }
}
