import Foundation
import SluiceServe
import SluiceStore
import SluiceTestSupport
import Testing

/// A real `sluice run` whose drift gate fails (exit code 5) still stores its report,
/// and `/metrics` shows it: the run worth alerting on is the one that failed.
@Suite struct DriftGaugesPipelineTests {
    @Test func aFailedDriftGatesReportIsShown() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var reference = "x,city\n", current = "x,city\n"
        for i in 0..<200 { reference += "\(Double(i % 50) / 10),\(["Oslo", "Lima"][i % 2])\n" }
        // x moved up by 3 and a city never seen: both drift.
        for i in 0..<100 { current += "\(Double(i % 50) / 10 + 3),\(["Oslo", "Rome"][i % 2])\n" }
        try folder.write("reference.csv", reference)
        try folder.write("current.csv", current)
        try folder.write("sluice.yaml", """
            version: 1
            name: drift-check
            stages:
              reference: {uses: sluice.csv/load, with: {path: reference.csv}}
              current: {uses: sluice.csv/load, with: {path: current.csv}}
              drift: {uses: sluice.drift/drift, needs: {reference: reference.data, current: current.data}}
            """)
        let run = try runProcess(TestEnvironment.sluice(), ["run"], directory: folder.path)
        #expect(run.status == 5, "\(run)")

        let source = DriftGauges.Source(runs: try SQLiteRunStore(path: folder.file(".sluice/sluice.db")),
                                        objects: try LocalObjectStore(directory: folder.file(".sluice/objects")))
        let live = try await LiveServer.start(TestModels(primary: ("1", ModelFixture.linear(intercept: 0, ["x": 1]))), driftReports: source)
        let text = try await live.client { try $0.get("/metrics").text }
        await live.stop()
        for line in [
            #"sluice_drift_detected{model="",pipeline="drift-check",stage="drift",feature="x"} 1"#,
            #"sluice_drift_detected{model="",pipeline="drift-check",stage="drift",feature="city"} 1"#,
            "sluice_drift_report_errors_total 0",
        ] {
            #expect(text.contains(line + "\n"), "missing: \(line)\n\(text)")
        }
        for prefix in [
            #"sluice_drift_value{model="",pipeline="drift-check",stage="drift",feature="x",statistic="ks"} "#,
            #"sluice_drift_statistic{model="",pipeline="drift-check",stage="drift",feature="x",statistic="ks"} "#,
            #"sluice_drift_value{model="",pipeline="drift-check",stage="drift",feature="city",statistic="unseen_share"} "#,
            #"sluice_drift_report_timestamp_seconds{model="",pipeline="drift-check",stage="drift"} "#,
        ] {
            #expect(text.contains("\n" + prefix), "missing: \(prefix)\n\(text)")
        }
    }
}
