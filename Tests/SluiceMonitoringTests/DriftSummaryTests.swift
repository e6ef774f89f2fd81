import SluiceJSON
@testable import SluiceMonitoring
import Testing

/// The one line an alert and a webhook carry: per report that drifted, which features
/// drifted by which statistics, at which stage, for which model.
@Suite struct DriftSummaryTests {
    /// A version-1 drift report of `features`: (column, status, [statistic: status]).
    static func report(_ stage: String, model: String?, _ features: [(String, String, [String: String])]) throws -> DriftFindings.Report {
        let json = JSONValue.object([
            "version": .integer(1),
            "model": model.map(JSONValue.string) ?? .null,
            "reference_rows": .integer(100),
            "current_rows": .integer(50),
            "features": .array(features.map { column, status, statistics in
                .object([
                    "column": .string(column), "kind": .string("numeric"), "status": .string(status),
                    "statistics": .object(statistics.mapValues { .object(["value": .number(0.5), "threshold": .number(0.2), "status": .string($0)]) }),
                ])
            }),
        ])
        return DriftFindings.Report(stage: stage, summary: try DriftReportSummary(json: json), json: json)
    }

    @Test func eachDriftedReportNamesItsDriftedFeaturesByTheStatisticsThatDrifted() throws {
        let findings = DriftFindings(runID: "r1", reports: [
            try Self.report("drift", model: "diabetes", [
                ("age", "drift", ["ks": "drift", "psi": "ok"]),
                ("bmi", "drift", ["ks": "drift", "psi": "drift"]),
                ("sex", "ok", ["chi2": "ok"]),
            ]),
            try Self.report("calm", model: nil, [("x", "ok", ["psi": "ok"])]),
            try Self.report("late", model: nil, [("y", "drift", ["psi": "drift"])]),
        ])
        #expect(findings.summary == "drift in 2 of 3 feature(s) (age: ks; bmi: ks, psi) at stage drift, model diabetes; drift in 1 of 1 feature(s) (y: psi) at stage late")
    }

    @Test func findingsWithoutDriftSummariseToNothing() throws {
        let findings = DriftFindings(runID: "r1", reports: [try Self.report("drift", model: "m", [("x", "ok", ["psi": "ok"])])])
        #expect(!findings.driftDetected)
        #expect(findings.summary.isEmpty)
    }
}
