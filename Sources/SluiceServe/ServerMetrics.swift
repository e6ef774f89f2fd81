import Foundation
import Synchronization

/// The server's counters, rendered in the Prometheus text exposition format (0.0.4)
/// at `GET /metrics`. Hand-written: a few maps behind one lock cost less per request
/// than a metrics framework, and the format is small and frozen.
package final class ServerMetrics: Sendable {
    /// Upper bounds of the latency histogram, in seconds.
    static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct RequestKey: Hashable {
        let model: String, version: String, endpoint: String, code: Int
    }

    private struct LatencyKey: Hashable {
        let model: String, version: String, endpoint: String
    }

    private struct Histogram {
        var counts = [Int](repeating: 0, count: ServerMetrics.latencyBuckets.count)
        var sum = 0.0
        var count = 0
    }

    private struct State {
        var requests: [RequestKey: Int] = [:]
        var latency: [LatencyKey: Histogram] = [:]
        var rows: [LatencyKey: Int] = [:]
        var reloads: [String: Int] = ["success": 0, "failure": 0]
        var logDropped = 0
    }

    private let state = Mutex(State())

    package init() {}

    /// Records one answered request. `version` is empty when no version was chosen
    /// (a request refused before routing); `rows` counts the predicted rows.
    package func request(model: String, version: String, endpoint: String, status: Int, seconds: Double, rows: Int) {
        let bucket = Self.latencyBuckets.firstIndex { seconds <= $0 }
        state.withLock { state in
            state.requests[RequestKey(model: model, version: version, endpoint: endpoint, code: status), default: 0] += 1
            let key = LatencyKey(model: model, version: version, endpoint: endpoint)
            var histogram = state.latency[key] ?? Histogram()
            if let bucket { histogram.counts[bucket] += 1 }
            histogram.sum += seconds
            histogram.count += 1
            state.latency[key] = histogram
            if rows > 0 { state.rows[key, default: 0] += rows }
        }
    }

    package func reload(succeeded: Bool) {
        state.withLock { $0.reloads[succeeded ? "success" : "failure", default: 0] += 1 }
    }

    package func predictionLogDropped(_ count: Int) {
        state.withLock { $0.logDropped += count }
    }

    /// The exposition text, with the served versions as `sluice_model_info`.
    package func render(model: String, deployment: Deployment) -> String {
        let state = state.withLock { $0 }
        var out = ""
        out += "# HELP sluice_requests_total Requests answered, by model version, endpoint and HTTP status.\n"
        out += "# TYPE sluice_requests_total counter\n"
        for (key, count) in state.requests.sorted(by: { Self.order($0.key, $1.key) }) {
            out += "sluice_requests_total{\(labels(key.model, key.version, key.endpoint)),code=\"\(key.code)\"} \(count)\n"
        }
        out += "# HELP sluice_request_errors_total Requests answered with a 4xx or 5xx status.\n"
        out += "# TYPE sluice_request_errors_total counter\n"
        for (key, count) in state.requests.sorted(by: { Self.order($0.key, $1.key) }) where key.code >= 400 {
            out += "sluice_request_errors_total{\(labels(key.model, key.version, key.endpoint)),code=\"\(key.code)\"} \(count)\n"
        }
        out += "# HELP sluice_request_duration_seconds Time from reading the request to the response, by model version and endpoint.\n"
        out += "# TYPE sluice_request_duration_seconds histogram\n"
        for (key, histogram) in state.latency.sorted(by: { Self.order($0.key, $1.key) }) {
            let base = labels(key.model, key.version, key.endpoint)
            var cumulative = 0
            for (bound, count) in zip(Self.latencyBuckets, histogram.counts) {
                cumulative += count
                out += "sluice_request_duration_seconds_bucket{\(base),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "sluice_request_duration_seconds_bucket{\(base),le=\"+Inf\"} \(histogram.count)\n"
            out += "sluice_request_duration_seconds_sum{\(base)} \(histogram.sum)\n"
            out += "sluice_request_duration_seconds_count{\(base)} \(histogram.count)\n"
        }
        out += "# HELP sluice_predicted_rows_total Rows predicted, by model version and endpoint.\n"
        out += "# TYPE sluice_predicted_rows_total counter\n"
        for (key, count) in state.rows.sorted(by: { Self.order($0.key, $1.key) }) {
            out += "sluice_predicted_rows_total{\(labels(key.model, key.version, key.endpoint))} \(count)\n"
        }
        out += "# HELP sluice_model_info The versions being served (1), with their role and plugin.\n"
        out += "# TYPE sluice_model_info gauge\n"
        for (role, version) in [("primary", deployment.primary)] + (deployment.canary.map { [("canary", $0)] } ?? []) {
            out += "sluice_model_info{model=\"\(escape(model))\",version=\"\(escape(version.label))\",role=\"\(role)\",plugin=\"\(escape(version.model.pluginID))\"} 1\n"
        }
        out += "# HELP sluice_canary_percent The share of requests the canary answers.\n"
        out += "# TYPE sluice_canary_percent gauge\n"
        out += "sluice_canary_percent{model=\"\(escape(model))\"} \(deployment.canaryPercent)\n"
        out += "# HELP sluice_model_reloads_total Reloads of the served versions, by result.\n"
        out += "# TYPE sluice_model_reloads_total counter\n"
        for (result, count) in state.reloads.sorted(by: { $0.key < $1.key }) {
            out += "sluice_model_reloads_total{result=\"\(result)\"} \(count)\n"
        }
        out += "# HELP sluice_prediction_log_dropped_total Prediction log entries dropped because the writer fell behind.\n"
        out += "# TYPE sluice_prediction_log_dropped_total counter\n"
        out += "sluice_prediction_log_dropped_total \(state.logDropped)\n"
        return out
    }

    private func labels(_ model: String, _ version: String, _ endpoint: String) -> String {
        "model=\"\(escape(model))\",version=\"\(escape(version))\",endpoint=\"\(escape(endpoint))\""
    }

    private static func order(_ a: RequestKey, _ b: RequestKey) -> Bool {
        (a.model, a.version, a.endpoint, a.code) < (b.model, b.version, b.endpoint, b.code)
    }

    private static func order(_ a: LatencyKey, _ b: LatencyKey) -> Bool {
        (a.model, a.version, a.endpoint) < (b.model, b.version, b.endpoint)
    }

    private func escape(_ value: String) -> String { PrometheusText.escape(value) }
}
