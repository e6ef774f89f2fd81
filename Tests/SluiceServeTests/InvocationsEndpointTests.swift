import Foundation
import Testing

/// MLflow-style `POST /invocations`, in each of its four input formats, on a model
/// computing 1 + a + 10·b.
@Suite struct InvocationsEndpointTests {
    static let model = ModelFixture.linear(intercept: 1, ["a": 1, "b": 10])

    func predictions(_ body: String) async throws -> (status: Int, predictions: [Double]?, version: String?) {
        let live = try await LiveServer.start(TestModels(primary: ("3", Self.model)))
        defer { Task { await live.stop() } }
        let response = try await live.client { try $0.post("/invocations", body) }
        return (response.status, response.json["predictions"] as? [Double], response.version)
    }

    @Test func dataframeSplit() async throws {
        let result = try await predictions(#"{"dataframe_split":{"columns":["a","b"],"data":[[1,2],[3,4]]}}"#)
        #expect(result.status == 200)
        #expect(result.predictions == [22, 44])
        #expect(result.version == "3")
    }

    @Test func dataframeSplitWithColumnsInAnotherOrderAndAfterTheData() async throws {
        let result = try await predictions(#"{"dataframe_split":{"index":[0,1],"data":[[2,1],[4,3]],"columns":["b","a"]}}"#)
        #expect(result.predictions == [22, 44])
    }

    @Test func dataframeRecords() async throws {
        let result = try await predictions(#"{"dataframe_records":[{"a":1,"b":2},{"b":4,"a":3}]}"#)
        #expect(result.predictions == [22, 44])
    }

    @Test func instancesAsRecordsAndAsRows() async throws {
        #expect(try await predictions(#"{"instances":[{"a":1,"b":2}]}"#).predictions == [22])
        #expect(try await predictions(#"{"instances":[[1,2],[3,4]]}"#).predictions == [22, 44])
    }

    @Test func inputsAsColumnsAndAsRows() async throws {
        #expect(try await predictions(#"{"inputs":{"a":[1,3],"b":[2,4]}}"#).predictions == [22, 44])
        #expect(try await predictions(#"{"inputs":[[1,2]],"params":{"ignored":true}}"#).predictions == [22])
    }

    @Test func anEmptyBatchPredictsNothing() async throws {
        let result = try await predictions(#"{"dataframe_split":{"columns":["a","b"],"data":[]}}"#)
        #expect(result.status == 200)
        #expect(result.predictions == [])
    }
}
