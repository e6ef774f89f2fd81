import Foundation
import SluiceKit
import SluiceMetrics

/// One gate of a stage's config: a measure and the condition its value must meet.
struct Gate {
    let metric: String
    let condition: GateCondition

    /// The gates of a `gates` config map, sorted by metric name. `known` are the
    /// measures this stage can gate on; any other name is a config error listing them.
    static func parse(_ config: [String: String]?, known: [String], field: String = "gates", what: String) throws -> [Gate] {
        try (config ?? [:]).sorted { $0.key < $1.key }.map { metric, text in
            guard known.contains(metric) else {
                throw StageError.invalidConfig("'\(field)' names the unknown metric '\(metric)'; \(what) are: \(known.joined(separator: ", "))")
            }
            do throws(MetricError) {
                return Gate(metric: metric, condition: try GateCondition(parsing: text))
            } catch {
                throw StageError.invalidConfig("'\(field).\(metric)': \(error.message)")
            }
        }
    }
}

extension Gate {
    /// Checks what can be checked before the model is seen (in `create`, so a typo is
    /// a configuration error of the pipeline): every condition reads, and every name
    /// is a measure of some task. Whether it fits the model's task is checked in `run`.
    static func precheck(_ config: [String: String]?, extra: [String] = []) throws {
        let every = MetricCatalog.names(.regression) + MetricCatalog.names(.classification) + extra
        for (metric, text) in (config ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard every.contains(metric) else {
                throw StageError.invalidConfig("'gates' names the unknown metric '\(metric)'; the metrics are: regression \(MetricCatalog.names(.regression).joined(separator: ", ")); classification \(MetricCatalog.names(.classification).joined(separator: ", "))" + (extra.isEmpty ? "" : "; fairness \(extra.joined(separator: ", "))"))
            }
            do throws(MetricError) { _ = try GateCondition(parsing: text) } catch {
                throw StageError.invalidConfig("'gates.\(metric)': \(error.message)")
            }
        }
    }
}

/// A gate checked against a measured value.
struct GateOutcome {
    let gate: Gate
    /// Nil when the measure could not be computed on this test table.
    let value: Double?
    /// Why there is no value, or what the value is of (e.g. a slice).
    let note: String?
    /// The name the outcome is recorded under (`gate.<name>`): the metric, or for a
    /// per-slice gate "<metric>[<slice>]".
    let name: String

    init(_ gate: Gate, value: Double?, note: String? = nil, name: String? = nil) {
        self.gate = gate
        self.value = value
        self.note = note
        self.name = name ?? gate.metric
    }

    var passed: Bool { value.map(gate.condition.isMet) ?? false }

    /// "r2 = 0.42 is not >= 0.7".
    var sentence: String {
        guard let value else { return "\(name) could not be computed (\(note ?? "no value")), so '\(gate.condition)' cannot be checked" }
        return "\(name) = \(GateOutcome.format(value)) \(passed ? "meets" : "is not") \(gate.condition)"
    }

    var json: JSONText {
        var members: [(String, JSONText)] = [
            ("metric", .string(gate.metric)), ("value", .number(value)), ("condition", .string(gate.condition.description)),
            ("passed", .bool(passed)),
        ]
        if name != gate.metric { members.insert(("name", .string(name)), at: 1) }
        if let note { members.append(("note", .string(note))) }
        return .object(members)
    }

    /// Four significant digits is enough to read; the report has the exact value.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.4g", value)
    }
}

extension [GateOutcome] {
    /// Logs every outcome through the host, passing or not: metric `gate.<name>` as
    /// 1 or 0, and param `gate.<name>` with the value and condition.
    func record(_ host: HostServices) {
        for outcome in self {
            host.metric("gate.\(outcome.name)", outcome.passed ? 1 : 0)
            host.param("gate.\(outcome.name)", json: outcome.json.text)
            if outcome.passed { host.info("gate passed: \(outcome.sentence)") } else { host.warning("gate failed: \(outcome.sentence)") }
        }
    }

    var json: JSONText { .array(map(\.json)) }
    var allPassed: Bool { allSatisfy(\.passed) }

    /// The error that fails the stage, or nil when every gate passed. A gate whose
    /// measure cannot be computed fails as invalid input (the test data cannot judge
    /// the model); a gate that is not met fails as a gate failure.
    func failure(_ stage: String) -> StageError? {
        let unmeasured = filter { $0.value == nil }
        if !unmeasured.isEmpty {
            return StageError.invalidInput("\(stage): " + unmeasured.map(\.sentence).joined(separator: "; "))
        }
        let failed = filter { !$0.passed }
        guard !failed.isEmpty else { return nil }
        return StageError.gateFailed("quality gate failed: " + failed.map(\.sentence).joined(separator: "; "))
    }
}
