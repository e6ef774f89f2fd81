import Foundation
@testable import SluicePipeline
import SluiceServe
@testable import SluiceStore
import SluiceTestSupport
import Testing

/// `/metrics` shows the latest drift report of every drift stage in the project as
/// gauges, follows newer reports, and survives reports it cannot read.
@Suite struct DriftGaugesTests {
    /// A project's stores with drift reports recorded as the drift stage records them.
    struct Project {
        let folder: TemporaryFolder
        let source: DriftGauges.Source

        init() throws {
            folder = try TemporaryFolder()
            source = DriftGauges.Source(runs: try SQLiteRunStore(path: folder.file(".sluice/sluice.db")),
                                        objects: try LocalObjectStore(directory: folder.file(".sluice/objects")))
        }

        /// Records run `id` of `pipeline` whose `stage` stored `report` as drift_report.json.
        @discardableResult
        func record(_ id: String, pipeline: String = "shop", stage: String = "drift", started: Double, ended: Double?,
                    status: RunStatus = .gateFailed, report: String) throws -> String {
            let digest = try Data(report.utf8).withUnsafeBytes { try source.objects.write($0, mediaType: "application/json") }
            try source.runs.createRun(RunSummary(id: id, pipeline: pipeline, pipelineFile: "sluice.yaml", pipelineDigest: "sha256:0",
                                                 status: .running, startedAt: Date(timeIntervalSince1970: started), endedAt: nil,
                                                 hostVersion: "test", gitCommit: nil, gitDirty: nil, error: nil),
                                      stages: [], params: [:])
            try source.runs.recordStageData(id, artifacts: [
                ArtifactRecord(stage: stage, name: "drift_report.json", role: .artifact, digest: digest, mediaType: "application/json", size: report.utf8.count),
            ], lineage: [])
            if let ended { try source.runs.setRunStatus(id, status, endedAt: Date(timeIntervalSince1970: ended)) }
            return digest
        }
    }

    static let model = ModelFixture.linear(intercept: 0, ["x": 1])

    /// A version 1 report: x drifted by KS, city did not; the null check of city was skipped.
    static func report(model: String? = "m", x ks: Double = 1e-05, column: String = "city") -> String {
        """
        {"version": 1, \(model.map { "\"model\": \"\($0)\", " } ?? "")"drift_detected": true, "drifted_features": ["x"],
         "features": [
          {"column": "x", "kind": "numeric", "status": "drift", "statistics": {
            "psi": {"value": 0.04, "threshold": 0.2, "status": "ok", "bins": 10},
            "ks": {"value": \(ks), "threshold": 0.05, "status": "drift", "statistic": 0.25, "method": "asymptotic"}},
           "drifted_by": ["ks"]},
          {"column": "\(column)", "kind": "categorical", "status": "ok", "statistics": {
            "chi2": {"value": 0.5, "threshold": 0.05, "status": "ok", "statistic": 1.5, "dof": 1},
            "unseen_share": {"value": 0, "threshold": 0.05, "status": "ok", "unseen_categories": []},
            "null_share_increase": {"value": null, "threshold": 0.1, "status": "skipped", "reason": "all null"}},
           "drifted_by": []}]}
        """
    }

    static func scrape(_ source: DriftGauges.Source, _ times: Int = 1) async throws -> (text: String, logged: [String]) {
        let live = try await LiveServer.start(TestModels(primary: ("1", model)), driftReports: source)
        let text = try await live.client { client in
            var text = ""
            for _ in 0..<times { text = try client.get("/metrics").text }
            return text
        }
        await live.stop()
        return (text, live.logged)
    }

    static func expectLines(_ text: String, _ lines: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for line in lines {
            #expect(text.contains(line + "\n"), "missing: \(line)\n\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func showsEachStatisticTheDriftVerdictAndTheReportTime() async throws {
        let project = try Project()
        defer { project.folder.remove() }
        try project.record("r1", started: 1_800_000_000, ended: 1_800_000_042.5, report: Self.report())
        let (text, _) = try await Self.scrape(project.source)
        Self.expectLines(text, [
            "# HELP sluice_drift_value The latest drift report's value per feature and statistic: PSI, KS and chi-squared p-values, null share increase, unseen share.",
            "# TYPE sluice_drift_value gauge",
            #"sluice_drift_value{model="m",pipeline="shop",stage="drift",feature="x",statistic="ks"} 1e-05"#,
            #"sluice_drift_value{model="m",pipeline="shop",stage="drift",feature="x",statistic="psi"} 0.04"#,
            #"sluice_drift_value{model="m",pipeline="shop",stage="drift",feature="city",statistic="chi2"} 0.5"#,
            #"sluice_drift_value{model="m",pipeline="shop",stage="drift",feature="city",statistic="unseen_share"} 0.0"#,
            "# TYPE sluice_drift_statistic gauge",
            #"sluice_drift_statistic{model="m",pipeline="shop",stage="drift",feature="x",statistic="ks"} 0.25"#,
            #"sluice_drift_statistic{model="m",pipeline="shop",stage="drift",feature="city",statistic="chi2"} 1.5"#,
            "# TYPE sluice_drift_detected gauge",
            #"sluice_drift_detected{model="m",pipeline="shop",stage="drift",feature="x"} 1"#,
            #"sluice_drift_detected{model="m",pipeline="shop",stage="drift",feature="city"} 0"#,
            "# TYPE sluice_drift_report_timestamp_seconds gauge",
            #"sluice_drift_report_timestamp_seconds{model="m",pipeline="shop",stage="drift"} 1800000042.5"#,
            "# TYPE sluice_drift_report_errors_total counter",
            "sluice_drift_report_errors_total 0",
        ])
        // A skipped statistic has no value, and only KS and chi2 have a test statistic.
        #expect(!text.contains(#"statistic="null_share_increase""#))
        #expect(!text.contains(#"sluice_drift_statistic{model="m",pipeline="shop",stage="drift",feature="x",statistic="psi"}"#))
        for family in ["sluice_drift_value", "sluice_drift_statistic", "sluice_drift_detected", "sluice_drift_report_timestamp_seconds"] {
            #expect(text.components(separatedBy: "# TYPE \(family) ").count == 2, "\(family) declared once")
        }
        // The server's own families are still there.
        #expect(text.contains("# TYPE sluice_requests_total counter\n"))
    }

    @Test func aNewerReportReplacesTheOlderOnePerStage() async throws {
        let project = try Project()
        defer { project.folder.remove() }
        try project.record("r1", started: 100, ended: 110, report: Self.report(x: 0.001))
        try project.record("r2", started: 200, ended: nil, status: .running, report: Self.report(model: nil, x: 0.9))
        // Another pipeline's drift stage is shown beside it, with label values escaped.
        try project.record("r3", pipeline: "bank", stage: "watch", started: 50, ended: 60, report: Self.report(column: #"a\"b\\c\nd"#))
        let (text, _) = try await Self.scrape(project.source)
        Self.expectLines(text, [
            #"sluice_drift_value{model="",pipeline="shop",stage="drift",feature="x",statistic="ks"} 0.9"#,
            #"sluice_drift_report_timestamp_seconds{model="",pipeline="shop",stage="drift"} 200.0"#,
            #"sluice_drift_detected{model="m",pipeline="bank",stage="watch",feature="a\"b\\c\nd"} 0"#,
        ])
        #expect(!text.contains(#"statistic="ks"} 0.001"#))
        #expect(!text.contains(#"model="m",pipeline="shop""#))
    }

    @Test func anUnreadableReportIsSkippedCountedOnceAndLogged() async throws {
        let project = try Project()
        defer { project.folder.remove() }
        try project.record("r1", pipeline: "bank", started: 100, ended: 110, report: Self.report())
        try project.record("r2", pipeline: "shop", started: 100, ended: 110, report: "{\"version\": 1, \"features\": [tru")
        // A report whose object was deleted from the store.
        let gone = try project.record("r3", pipeline: "zoo", started: 100, ended: 110, report: "{}")
        try FileManager.default.removeItem(atPath: try #require(try project.source.objects.localFile(for: gone)))
        let (text, logged) = try await Self.scrape(project.source, 3)
        Self.expectLines(text, [
            #"sluice_drift_detected{model="m",pipeline="bank",stage="drift",feature="x"} 1"#,
            "sluice_drift_report_errors_total 2",
        ])
        #expect(!text.contains(#"pipeline="shop""#) && !text.contains(#"pipeline="zoo""#))
        #expect(logged.filter { $0.contains("shop/drift (run r2) is not valid JSON") }.count == 1, "\(logged)")
        #expect(logged.filter { $0.contains("zoo/drift (run r3) is missing from .sluice/objects") }.count == 1, "\(logged)")
    }

    @Test func aReportOfAnotherFormatVersionIsRefusedWithAnUpgradeHint() async throws {
        let project = try Project()
        defer { project.folder.remove() }
        try project.record("r1", started: 100, ended: 110, report: #"{"version": 2, "features": []}"#)
        let (text, logged) = try await Self.scrape(project.source)
        Self.expectLines(text, ["sluice_drift_report_errors_total 1"])
        #expect(logged.contains { $0.contains("has version 2, and this server reads version 1: upgrade sluice") }, "\(logged)")
    }
}
