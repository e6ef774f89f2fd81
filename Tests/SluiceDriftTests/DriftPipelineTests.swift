import Foundation
import SluiceTestSupport
import Testing

/// `sluice run` of a pipeline that loads a reference and a current CSV and runs
/// `sluice.drift/drift` on them, as a user runs it: the built-in plugins come from the
/// build folder, the run is recorded, and drift is a failed gate (exit code 5).
@Suite struct DriftPipelineTests {
    static func project(current: String, with config: String = "{}") throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        var reference = "x,city\n"
        var rows: [String] = []
        for i in 0..<200 { rows.append("\(Double(i % 50) / 10),\(["Oslo", "Lima"][i % 2])") }
        reference += rows.joined(separator: "\n") + "\n"
        try folder.write("reference.csv", reference)
        try folder.write("current.csv", current)
        try folder.write("sluice.yaml", """
            version: 1
            name: drift-check
            stages:
              reference: {uses: sluice.csv/load, with: {path: reference.csv}}
              current: {uses: sluice.csv/load, with: {path: current.csv}}
              drift:
                uses: sluice.drift/drift
                needs: {reference: reference.data, current: current.data}
                with: \(config)
            """)
        return folder
    }

    static func sluice(_ folder: TemporaryFolder, _ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
        try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
    }

    @Test func driftFailsTheRunAsAGateWithExitCode5AndKeepsTheMetrics() throws {
        // x moved up by 3 and a new city: both columns drift.
        var current = "x,city\n"
        for i in 0..<100 { current += "\(Double(i % 50) / 10 + 3),\(["Oslo", "Rome"][i % 2])\n" }
        let folder = try Self.project(current: current)
        defer { folder.remove() }
        let run = try Self.sluice(folder, "run")
        #expect(run.status == 5, "\(run)")
        #expect((run.stdout + run.stderr).contains("drift detected in 2 of 2 feature(s): 'x' ("), "\(run)")
        let shown = try Self.sluice(folder, "runs", "show", "last", "--json")
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(detail["status"] as? String == "gate-failed")
        // Recorded as STAGE.METRIC: the drift stage's metrics survive the failed gate.
        let metrics = (detail["metrics"] as? [String: Any] ?? [:]).keys
        #expect(metrics.contains("drift.drift.x.ks_pvalue"), "\(metrics.sorted())")
        #expect(metrics.contains("drift.drift.city.unseen_share"), "\(metrics.sorted())")
    }

    @Test func withoutDriftTheRunSucceedsAndStoresTheReport() throws {
        var current = "x,city\n"
        for i in 0..<100 { current += "\(Double((i * 7) % 50) / 10),\(["Oslo", "Lima"][i % 2])\n" }
        let folder = try Self.project(current: current)
        defer { folder.remove() }
        let run = try Self.sluice(folder, "run")
        #expect(run.status == 0, "\(run)")
        let shown = try Self.sluice(folder, "runs", "show", "last", "--json")
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        let artifacts = detail["artifacts"] as? [[String: Any]] ?? []
        let report = try #require(artifacts.first { $0["stage"] as? String == "drift" && $0["name"] as? String == "report" })
        let exported = try Self.sluice(folder, "artifacts", "export", try #require(report["digest"] as? String), "report.json")
        #expect(exported.status == 0, "\(exported)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.file("report.json")))) as? [String: Any])
        #expect(json["drift_detected"] as? Bool == false)
        #expect((json["features"] as? [Any])?.count == 2)
        #expect(artifacts.contains { $0["name"] as? String == "drift_report.json" })
    }
}
