import Foundation
import Testing

/// Bad requests get a 4xx with a JSON body `{"error": ..., "code": ...}` that names
/// what is wrong, and the server goes on serving.
@Suite struct BadInputTests {
    static let model = ModelFixture.linear(intercept: 0, ["a": 1, "b": 1])

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let path: String
        let body: String
        let status: Int
        let code: String
        /// Words the message must contain.
        let mentions: [String]
        var testDescription: String { name }
    }

    static let infer = "/v2/models/m/infer"

    static let corpus: [Case] = [
        Case(name: "malformed JSON", path: "/invocations", body: #"{"dataframe_split": {"#, status: 400, code: "request.malformed-json", mentions: ["byte"]),
        Case(name: "trailing text", path: "/invocations", body: #"{"inputs":[[1,2]]} x"#, status: 400, code: "request.malformed-json", mentions: ["after"]),
        Case(name: "not an object", path: "/invocations", body: "[1,2]", status: 400, code: "request.wrong-format", mentions: ["dataframe_split"]),
        Case(name: "no known format", path: "/invocations", body: #"{"rows":[]}"#, status: 400, code: "request.wrong-format", mentions: ["rows", "dataframe_records"]),
        Case(name: "two formats", path: "/invocations", body: #"{"inputs":[[1,2]],"instances":[[1,2]]}"#, status: 400, code: "request.wrong-format", mentions: ["exactly one"]),
        Case(name: "missing feature", path: "/invocations", body: #"{"dataframe_records":[{"a":1}]}"#, status: 400, code: "request.missing-feature", mentions: ["'b'"]),
        Case(name: "missing column", path: "/invocations", body: #"{"dataframe_split":{"columns":["a"],"data":[[1]]}}"#, status: 400, code: "request.missing-feature", mentions: ["'b'", "a, b"]),
        Case(name: "unknown feature", path: "/invocations", body: #"{"inputs":{"a":[1],"b":[2],"c":[3]}}"#, status: 400, code: "request.unknown-feature", mentions: ["'c'"]),
        Case(name: "ragged rows", path: "/invocations", body: #"{"instances":[[1,2],[3]]}"#, status: 400, code: "request.wrong-shape", mentions: ["instances[1]"]),
        Case(name: "rows of the wrong width", path: "/invocations", body: #"{"instances":[[1,2,3]]}"#, status: 400, code: "request.wrong-shape", mentions: ["a, b"]),
        Case(name: "columns of different lengths", path: "/invocations", body: #"{"inputs":{"a":[1,2],"b":[3]}}"#, status: 400, code: "request.wrong-shape", mentions: ["'b'"]),
        Case(name: "a string for a number", path: "/invocations", body: #"{"inputs":{"a":["one"],"b":[2]}}"#, status: 400, code: "request.wrong-type", mentions: ["'a'", "float64"]),
        Case(name: "mixed types in a column", path: "/invocations", body: #"{"inputs":{"a":[1,"two"],"b":[2,3]}}"#, status: 400, code: "request.wrong-type", mentions: ["inputs.a[1]"]),
        Case(name: "NaN is not JSON", path: "/invocations", body: #"{"inputs":{"a":[NaN],"b":[2]}}"#, status: 400, code: "request.malformed-json", mentions: ["value"]),
        Case(name: "nested too deeply", path: "/invocations", body: #"{"params":"# + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "}", status: 400, code: "request.malformed-json", mentions: ["deep"]),
        Case(name: "shape and data disagree", path: infer, body: #"{"inputs":[{"name":"a","shape":[3],"datatype":"FP64","data":[1,2]},{"name":"b","shape":[2],"datatype":"FP64","data":[1,2]}]}"#, status: 400, code: "request.wrong-shape", mentions: ["'a'", "[3]"]),
        Case(name: "three-dimensional tensor", path: infer, body: #"{"inputs":[{"name":"a","shape":[1,1,2],"datatype":"FP64","data":[1,2]}]}"#, status: 400, code: "request.wrong-shape", mentions: ["[n]"]),
        Case(name: "datatype and data disagree", path: infer, body: #"{"inputs":[{"name":"a","shape":[1],"datatype":"BYTES","data":[1]},{"name":"b","shape":[1],"datatype":"FP64","data":[1]}]}"#, status: 400, code: "request.wrong-type", mentions: ["'a'", "BYTES"]),
        Case(name: "a fraction in an integer tensor", path: infer, body: #"{"inputs":[{"name":"a","shape":[1],"datatype":"INT64","data":[1.5]},{"name":"b","shape":[1],"datatype":"FP64","data":[1]}]}"#, status: 400, code: "request.wrong-type", mentions: ["INT64"]),
        Case(name: "unknown datatype", path: infer, body: #"{"inputs":[{"name":"a","shape":[1],"datatype":"COMPLEX","data":[1]}]}"#, status: 400, code: "request.wrong-type", mentions: ["COMPLEX"]),
        Case(name: "no inputs", path: infer, body: #"{"id":"x"}"#, status: 400, code: "request.wrong-format", mentions: ["inputs"]),
        Case(name: "missing tensor", path: infer, body: #"{"inputs":[{"name":"a","shape":[1],"datatype":"FP64","data":[1]}]}"#, status: 400, code: "request.missing-feature", mentions: ["'b'"]),
        Case(name: "a null the model refuses", path: "/invocations", body: #"{"inputs":{"a":[1,null],"b":[2,3]}}"#, status: 400, code: "request.rejected-by-model", mentions: ["null", "a"]),
        Case(name: "unknown model", path: "/v2/models/other/infer", body: #"{"inputs":[]}"#, status: 404, code: "request.unknown-model", mentions: ["'other'", "'m'"]),
        Case(name: "unknown version", path: "/v2/models/m/versions/9/infer", body: #"{"inputs":[]}"#, status: 404, code: "request.unknown-version", mentions: ["'9'", "'1'"]),
        Case(name: "empty body", path: "/invocations", body: "", status: 400, code: "request.wrong-format", mentions: ["JSON object"]),
    ]

    @Test(arguments: corpus)
    func isRefusedWithAJSONError(_ example: Case) async throws {
        let live = try await LiveServer.start(TestModels(primary: ("1", Self.model)))
        defer { Task { await live.stop() } }
        let (response, after) = try await live.client { client in
            (try client.post(example.path, example.body), try client.post("/invocations", #"{"inputs":[[1,2]]}"#))
        }
        #expect(response.status == example.status, "\(response.text)")
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.json["code"] as? String == example.code, "\(response.text)")
        let message = try #require(response.json["error"] as? String)
        for word in example.mentions { #expect(message.contains(word), "'\(word)' not in: \(message)") }
        #expect(after.status == 200, "the server goes on serving")
    }

    @Test func anOversizedBodyIs413BeforeItIsRead() async throws {
        let live = try await LiveServer.start(TestModels(primary: ("1", Self.model)), maxBodyBytes: 1000)
        defer { Task { await live.stop() } }
        let response = try await live.client { client in
            try client.raw(Data("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{".utf8))
        }
        #expect(response.status == 413)
        #expect(response.json["code"] as? String == "request.too-large")
        #expect((response.json["error"] as? String)?.contains("--max-body-bytes") == true)
    }

    @Test func aChunkedBodyPastTheLimitIs413Too() async throws {
        let live = try await LiveServer.start(TestModels(primary: ("1", Self.model)), maxBodyBytes: 1000)
        defer { Task { await live.stop() } }
        let chunk = String(repeating: " ", count: 4000)
        let request = "POST /invocations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\(String(chunk.utf8.count, radix: 16))\r\n\(chunk)\r\n0\r\n\r\n"
        let response = try await live.client { try $0.raw(Data(request.utf8)) }
        #expect(response.status == 413)
    }

    @Test func rejectedRequestsAreCountedAsErrors() async throws {
        let live = try await LiveServer.start(TestModels(primary: ("1", Self.model)))
        defer { Task { await live.stop() } }
        let metrics = try await live.client { client in
            _ = try client.post("/invocations", "{")
            return try client.get("/metrics").text
        }
        #expect(metrics.contains(#"sluice_request_errors_total{model="m",version="1",endpoint="invocations",code="400"} 1"#))
    }
}
