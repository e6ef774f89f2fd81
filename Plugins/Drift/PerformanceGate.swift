import Foundation
import SluiceKit
import SluiceMetrics

/// A gate of the `performance` stage: a metric and the condition it must meet, in the
/// syntax of `sluice.gates` (`gates: {accuracy: ">= 0.8"}`, see `GateCondition`).
struct PerformanceGate {
    let metric: String
    let condition: GateCondition

    /// The gates of the config, sorted by metric; a condition that does not read is a
    /// config error quoting the syntax.
    static func parse(_ config: [String: String]?) throws -> [PerformanceGate] {
        try (config ?? [:]).sorted { $0.key < $1.key }.map { metric, text in
            do throws(MetricError) {
                return PerformanceGate(metric: metric, condition: try GateCondition(parsing: text))
            } catch {
                throw StageError.invalidConfig("'gates.\(metric)': \(error.message)")
            }
        }
    }

    /// The gate judged against the measured value (nil when it could not be computed, and why).
    struct Outcome {
        let gate: PerformanceGate
        let value: Double?
        let note: String?

        var passed: Bool { value.map(gate.condition.isMet) ?? false }

        /// "accuracy = 0.62 is not >= 0.8".
        var sentence: String {
            guard let value else { return "\(gate.metric) could not be computed (\(note ?? "no value")), so '\(gate.condition)' cannot be checked" }
            return "\(gate.metric) = \(Self.format(value)) \(passed ? "meets" : "is not") \(gate.condition)"
        }

        var json: JSONText {
            var members: [(String, JSONText)] = [
                ("metric", .string(gate.metric)), ("value", .number(value)),
                ("condition", .string(gate.condition.description)), ("passed", .bool(passed)),
            ]
            if let note { members.append(("note", .string(note))) }
            return .object(members)
        }

        /// Four significant digits to read; the report has the exact value.
        static func format(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.4g", value)
        }
    }
}

extension [PerformanceGate.Outcome] {
    /// The error that fails the stage, or nil when every gate passed. A metric that
    /// cannot be computed on these labels cannot pass its gate: invalid input, since
    /// the data cannot judge the model; a value that misses its condition: a failed gate.
    func failure(scored rows: Int) -> StageError? {
        let unmeasured = filter { $0.value == nil }
        if !unmeasured.isEmpty {
            return StageError.invalidInput("performance: " + unmeasured.map(\.sentence).joined(separator: "; "))
        }
        let failed = filter { !$0.passed }
        guard !failed.isEmpty else { return nil }
        return StageError.gateFailed("performance gate failed on \(rows) labelled prediction(s): " + failed.map(\.sentence).joined(separator: "; ")
                                     + ". Look into the model's recent predictions (retrain on recent data?), or adjust 'gates'")
    }
}
