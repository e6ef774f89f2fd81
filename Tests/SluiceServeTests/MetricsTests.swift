import Foundation
import Testing

/// `GET /metrics` is Prometheus text: requests, errors and a latency histogram per
/// model version and endpoint, and what is being served.
@Suite struct MetricsTests {
    @Test func countsRequestsRowsAndLatencyPerVersion() async throws {
        let live = try await LiveServer.start(TestModels(primary: ("4", ModelFixture.linear(intercept: 0, ["x": 1]))))
        defer { Task { await live.stop() } }
        let response = try await live.client { client in
            for _ in 0..<3 { _ = try client.post("/invocations", #"{"inputs":{"x":[1,2]}}"#) }
            _ = try client.post("/v2/models/m/infer", #"{"inputs":[{"name":"x","shape":[1],"datatype":"FP64","data":[1]}]}"#)
            return try client.get("/metrics")
        }
        #expect(response.status == 200)
        #expect(response.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = response.text
        for line in [
            "# TYPE sluice_requests_total counter",
            #"sluice_requests_total{model="m",version="4",endpoint="invocations",code="200"} 3"#,
            #"sluice_requests_total{model="m",version="4",endpoint="infer",code="200"} 1"#,
            "# TYPE sluice_request_duration_seconds histogram",
            #"sluice_request_duration_seconds_bucket{model="m",version="4",endpoint="invocations",le="+Inf"} 3"#,
            #"sluice_request_duration_seconds_count{model="m",version="4",endpoint="invocations"} 3"#,
            #"sluice_predicted_rows_total{model="m",version="4",endpoint="invocations"} 6"#,
            #"sluice_model_info{model="m",version="4",role="primary",plugin="fixture.model"} 1"#,
            #"sluice_model_reloads_total{result="failure"} 0"#,
        ] {
            #expect(text.contains(line + "\n"), "missing: \(line)")
        }
        // Buckets are cumulative and end at the count.
        let buckets = text.split(separator: "\n").filter { $0.hasPrefix(#"sluice_request_duration_seconds_bucket{model="m",version="4",endpoint="invocations""#) }
        let counts = buckets.compactMap { Int($0.split(separator: " ").last!) }
        #expect(counts == counts.sorted())
        #expect(counts.last == 3)
    }
}
