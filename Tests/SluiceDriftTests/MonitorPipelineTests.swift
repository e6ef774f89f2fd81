import Foundation
import SluiceTestSupport
import Testing

/// `sluice run` of a monitoring pipeline as a user writes it: the prediction log of the
/// served model (default folder, relative to the project), compared with the training
/// data by `drift`, scored against late labels by `performance`.
@Suite struct MonitorPipelineTests {
    @Test func theLogIsReadFromTheProjectComparedScoredAndNeverReusedFromTheCache() throws {
        let log = try PredictionLogFixture()
        defer { log.remove() }
        let folder = log.project
        var reference = "x,city\n"
        for i in 0..<200 { reference += "\(Double(i % 50) / 10),\(["Oslo", "Lima"][i % 2])\n" }
        try folder.write("reference.csv", reference)
        var labels = "request_id,label\n"
        var lines: [String] = []
        for i in 0..<60 {
            let x = Double((i * 7) % 50) / 10
            lines.append(PredictionLogFixture.line(time: Date().addingTimeInterval(Double(i - 60)), model: "house", requestID: "r\(i)",
                                                   inputs: ["x": [.number(x)], "city": [.text(["Oslo", "Lima"][i % 2])]],
                                                   outputs: ["prediction": [.number(2 * x)]]))
            if i % 2 == 0 { labels += "r\(i),\(2 * x + 1)\n" }
        }
        try log.write(lines)
        try folder.write("labels.csv", labels)
        try folder.write("sluice.yaml", """
            version: 1
            name: monitor
            stages:
              reference: {uses: sluice.csv/load, with: {path: reference.csv}}
              labels: {uses: sluice.csv/load, with: {path: labels.csv}}
              predictions: {uses: sluice.drift/predictions, with: {model: house, window: 1h}}
              drift:
                uses: sluice.drift/drift
                needs: {reference: reference.data, current: predictions.features}
                with: {fail_on_drift: false}
              performance:
                uses: sluice.drift/performance
                needs: {predictions: predictions.log, labels: labels.data}
                with: {gates: {mae: "<= 1"}}
            """)
        let first = try runProcess(TestEnvironment.sluice(), ["run"], directory: folder.path)
        #expect(first.status == 0, "\(first)")
        let detail = try Self.lastRun(folder)
        let metrics = detail["metrics"] as? [String: Any] ?? [:]
        #expect(metrics["predictions.predictions.rows"] as? Double == 60, "\(metrics.keys.sorted())")
        #expect(metrics["performance.performance.mae"] as? Double == 1, "every labelled prediction is off by one")
        #expect(metrics["performance.performance.rows_scored"] as? Double == 30)
        #expect(metrics["drift.drift.x.psi"] != nil)

        // Run again: the CSVs are reused, the live log is read again.
        let second = try runProcess(TestEnvironment.sluice(), ["run"], directory: folder.path)
        #expect(second.status == 0, "\(second)")
        let stages = try #require(try Self.lastRun(folder)["stages"] as? [[String: Any]])
        let status = Dictionary(uniqueKeysWithValues: stages.compactMap { stage in (stage["name"] as? String).map { ($0, stage["status"] as? String ?? "") } })
        #expect(status["reference"] == "cached", "\(status)")
        #expect(status["predictions"] == "succeeded", "\(status)")
    }

    static func lastRun(_ folder: TemporaryFolder) throws -> [String: Any] {
        let shown = try runProcess(TestEnvironment.sluice(), ["runs", "show", "last", "--json"], directory: folder.path)
        return try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
    }
}
