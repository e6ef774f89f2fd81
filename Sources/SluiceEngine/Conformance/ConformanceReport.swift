import SluiceJSON

/// The results of `sluice plugins check` for a person (a table and a summary line) and
/// for a program (JSON).
package struct ConformanceReport: Sendable {
    package let target: String
    package let subject: ConformanceSubject?
    package let results: [ConformanceResult]

    package init(target: String, subject: ConformanceSubject?, results: [ConformanceResult]) {
        self.target = target
        self.subject = subject
        self.results = results
    }

    /// Passed when no check failed (skipped checks do not count either way).
    package var passed: Bool { !results.contains { $0.outcome == .failed } }

    package func count(_ outcome: ConformanceOutcome) -> Int { results.filter { $0.outcome == outcome }.count }

    /// The failed checks' names, in order, each once.
    package var failedChecks: [String] {
        var seen = Set<String>()
        return results.filter { $0.outcome == .failed }.map(\.check.rawValue).filter { seen.insert($0).inserted }
    }

    /// CHECK, STAGE, RESULT, DETAIL rows, with a header; the plugin's own checks show "-".
    package var rows: [[String]] {
        [["CHECK", "STAGE", "RESULT", "DETAIL"]] + results.map { [$0.check.rawValue, $0.stage ?? "-", $0.outcome.rawValue, $0.detail] }
    }

    /// "com.acme.x 1.0.0: 12 passed, 1 failed (outputs), 3 skipped".
    package var summary: String {
        let name = subject.map { "\($0.id) \($0.version)" } ?? target
        let failed = failedChecks
        return "\(name): \(passed ? "conforms" : "does not conform"): \(count(.passed)) passed, \(count(.failed)) failed"
            + (failed.isEmpty ? "" : " (\(failed.joined(separator: ", ")))") + ", \(count(.skipped)) skipped"
    }

    package var json: JSONValue {
        .object([
            "plugin": subject.map { subject in
                .object([
                    "id": .string(subject.id), "version": .string(subject.version), "path": .string(subject.path),
                    "stages": .strings(subject.stages), "model_capability": .bool(subject.modelCapability),
                ])
            } ?? .null,
            "target": .string(target),
            "passed": .bool(passed),
            "failed_checks": .strings(failedChecks),
            "counts": .object(["passed": .integer(Int64(count(.passed))), "failed": .integer(Int64(count(.failed))), "skipped": .integer(Int64(count(.skipped)))]),
            "results": .array(results.map { result in
                .object([
                    "check": .string(result.check.rawValue), "stage": result.stage.map(JSONValue.string) ?? .null,
                    "result": .string(result.outcome.rawValue), "detail": .string(result.detail),
                ])
            }),
        ])
    }
}
