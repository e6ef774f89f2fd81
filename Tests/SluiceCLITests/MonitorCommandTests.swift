import Foundation
import SluiceTestSupport
import Testing

/// Closing the loop as a user does it: a model goes to production, `sluice monitor`
/// compares what it sees now with what it was trained on, and drift raises an alert,
/// calls a webhook and starts the training pipeline again.
@Suite struct MonitorCommandTests {
    final class Project {
        let folder: TemporaryFolder

        /// A project whose `sluice.yaml` trains `houses` on x in 1...40 and promotes it to
        /// production; `monitor.yaml` compares `current.csv` with that training data.
        init(onDrift: String = "[alert]", current: [Double]? = nil) throws {
            folder = try TemporaryFolder()
            try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
            try folder.copy(TestEnvironment.product("libSluiceTestPlugin.so"), as: "plugins/libtestkit.so")
            let xs = (1...40).map(Double.init)
            try folder.write("houses.csv", "x,y\n" + xs.map { "\($0),\(2 * $0 + 1)" }.joined(separator: "\n") + "\n")
            try writeCurrent(current ?? xs)
            try folder.write("sluice.yaml", """
                version: 1
                name: houses
                stages:
                  load:    {uses: sluice.csv/load, with: {path: houses.csv, target: y}}
                  train:   {uses: sluice.testkit/fit_mean, needs: [load], with: {feature: x, slope: 2, intercept: 1}}
                  release: {uses: sluice.deploy/promote, needs: [train.model], with: {name: houses}}
                """)
            try folder.write("monitor.yaml", """
                version: 1
                name: houses-monitor
                stages:
                  reference: {uses: sluice.drift/reference, with: {model: houses@production}}
                  current:   {uses: sluice.csv/load, with: {path: current.csv}}
                  drift:     {uses: sluice.drift/drift, needs: {reference: reference.table, current: current}}
                monitor:
                  on_drift: \(onDrift)
                """)
        }

        deinit { folder.remove() }

        func writeCurrent(_ xs: [Double]) throws {
            try folder.write("current.csv", "x,prediction\n" + xs.map { "\($0),\(2 * $0 + 1)" }.joined(separator: "\n") + "\n")
        }

        @discardableResult
        func sluice(_ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
            try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
        }

        func monitorJSON(_ file: String = "monitor.yaml") throws -> (status: Int32, result: [String: Any]) {
            let run = try runProcess(TestEnvironment.sluice(), ["monitor", file, "--json"], directory: folder.path)
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            return (run.status, try #require(object, "\(run)"))
        }
    }

    @Test func withoutDriftTheMonitorExitsZeroAndPrintsEachFeature() throws {
        let project = try Project()
        #expect(try project.sluice("run").status == 0)
        let check = try project.sluice("monitor", "monitor.yaml")
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.contains("drift, model houses: 40 reference rows, 40 current rows, 0 of 2 feature(s) drifted"), "\(check.stdout)")
        let x = try #require(check.stdout.split(separator: "\n").first { $0.hasPrefix("x ") }, "\(check.stdout)")
        #expect(x.hasSuffix("ok"))
        #expect(check.stdout.contains("prediction"), "the model's predictions on the training rows are compared too")
        #expect(check.stdout.contains("no drift"))
    }

    @Test func driftExitsEightAlertsAndIsRecordedInTheRun() throws {
        let project = try Project(current: (1...40).map { Double($0) + 100 })
        #expect(try project.sluice("run").status == 0)
        let check = try project.sluice("monitor", "monitor.yaml")
        #expect(check.status == 8, "\(check)")
        #expect(check.stdout.contains("DRIFT"))
        #expect(check.stderr.contains("ALERT houses-monitor: drift in 2 of 2 feature(s)"), "\(check.stderr)")
        let shown = try project.sluice("runs", "show", "last")
        #expect(shown.stdout.contains("on_drift alert: drift in 2 of 2 feature(s)"), "\(shown.stdout)")
    }

    @Test func driftCallsTheWebhookWithTheDriftedFeatures() throws {
        let receiver = try LoopbackReceiver()
        let project = try Project(onDrift: "[{webhook: \"\(receiver.url)\"}]", current: (1...40).map { Double($0) * 3 })
        #expect(try project.sluice("run").status == 0)
        let (status, result) = try project.monitorJSON()
        #expect(status == 8)
        #expect(result["drift_detected"] as? Bool == true)
        let action = try #require((result["actions"] as? [[String: Any]])?.first)
        #expect(action["action"] as? String == "webhook" && action["ok"] as? Bool == true, "\(action)")

        let request = try #require(receiver.received.first)
        #expect(request.method == "POST" && request.path == "/hooks/drift")
        let payload = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        #expect(payload["event"] as? String == "drift_detected")
        #expect(payload["pipeline"] as? String == "houses-monitor")
        #expect(payload["run"] as? String == result["run"] as? String)
        let report = try #require((payload["reports"] as? [[String: Any]])?.first)
        #expect(report["model"] as? String == "houses")
        #expect((report["drifted_features"] as? [String])?.contains("x") == true)
    }

    @Test func anUnreachableWebhookIsReportedButDoesNotHideTheDrift() throws {
        let receiver = try LoopbackReceiver(status: 500)
        let project = try Project(onDrift: "[{webhook: \"\(receiver.url)\"}, alert]", current: (1...40).map { Double($0) * 3 })
        #expect(try project.sluice("run").status == 0)
        let check = try project.sluice("monitor", "monitor.yaml")
        #expect(check.status == 8)
        #expect(check.stderr.contains("on_drift webhook failed: \(receiver.url): error: the receiver answered HTTP 500"), "\(check.stderr)")
        #expect(check.stderr.contains("ALERT"), "the next action still runs")
    }

    @Test func retrainRunsTheTrainingPipelineOnceWhileItsCandidateAwaitsApproval() throws {
        let project = try Project(onDrift: "[{retrain: sluice.yaml}]", current: (1...40).map { Double($0) * 3 })
        #expect(try project.sluice("run").status == 0)
        // The next candidate must be approved before it replaces production.
        let gated = try String(contentsOfFile: project.folder.file("sluice.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "with: {name: houses}}", with: "approval: manual, with: {name: houses}}")
        try project.folder.write("sluice.yaml", gated)

        let (_, first) = try project.monitorJSON()
        let retrain = try #require((first["actions"] as? [[String: Any]])?.first)
        #expect(retrain["action"] as? String == "retrain" && retrain["ok"] as? Bool == true, "\(retrain)")
        let candidate = try #require(retrain["run"] as? String)
        #expect((retrain["detail"] as? String)?.contains("awaiting-approval") == true, "\(retrain)")

        let (_, second) = try project.monitorJSON()
        let skipped = try #require((second["actions"] as? [[String: Any]])?.first)
        #expect((skipped["detail"] as? String)?.hasPrefix("skipped: run \(candidate)") == true, "\(skipped)")
    }

    @Test func retrainWithoutAFileRunsTheTrainingStagesOfTheSamePipeline() throws {
        let project = try Project()
        try project.folder.write("both.yaml", """
            version: 1
            name: houses
            stages:
              load:      {uses: sluice.csv/load, with: {path: houses.csv, target: y}}
              train:     {uses: sluice.testkit/fit_mean, needs: [load], with: {feature: x, slope: 2, intercept: 1}}
              release:   {uses: sluice.deploy/promote, needs: [train.model], with: {name: houses}}
              reference: {uses: sluice.drift/reference, with: {model: houses@production}}
              current:   {uses: sluice.csv/load, with: {path: current.csv}}
              drift:     {uses: sluice.drift/drift, needs: {reference: reference.table, current: current}}
            monitor: {on_drift: retrain}
            """)
        #expect(try project.sluice("run", "both.yaml", "--stage", "release").status == 0)
        try project.writeCurrent((1...40).map { Double($0) * 3 })
        let (status, result) = try project.monitorJSON("both.yaml")
        #expect(status == 8)
        let run = try #require(((result["actions"] as? [[String: Any]])?.first)?["run"] as? String)
        let shown = try project.sluice("runs", "show", run, "--json")
        let stages = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])["stages"] as? [[String: Any]]
        #expect(Set(stages?.compactMap { $0["name"] as? String } ?? []) == ["load", "train", "release"], "monitoring stages are not retraining")
    }

    @Test func aReferenceThatCannotBeFoundSaysWhereItLooked() throws {
        let project = try Project()
        let check = try project.sluice("monitor", "monitor.yaml")
        #expect(check.status == 4, "\(check)")
        let output = check.stdout + check.stderr
        #expect(output.contains("no model named 'houses'"), "\(output)")
        #expect(output.contains(".sluice/sluice.db"), "it names the registry it looked in")
    }

    @Test func aPipelineWithoutMonitorsIsAConfigError() throws {
        let project = try Project()
        let check = try project.sluice("monitor", "sluice.yaml")
        #expect(check.status == 3)
        #expect(check.stderr.contains("no monitoring stage"), "\(check.stderr)")
    }

    @Test func aWindowNeedsAStageThatTakesOne() throws {
        let project = try Project()
        #expect(try project.sluice("monitor", "monitor.yaml", "--window", "often").status == 2)
        let check = try project.sluice("monitor", "monitor.yaml", "--window", "1h")
        #expect(check.status == 2)
        #expect(check.stderr.contains("no stage of monitor.yaml takes a window"), "\(check.stderr)")
    }

    @Test func aBadOnDriftActionIsReportedWithItsPlace() throws {
        let project = try Project(onDrift: "[alert, retrian]")
        let check = try project.sluice("monitor", "monitor.yaml")
        #expect(check.status == 3)
        #expect(check.stderr.contains("monitor.yaml:8:21"), "\(check.stderr)")
        #expect(check.stderr.contains("unknown on_drift action 'retrian'. Did you mean 'retrain'?"), "\(check.stderr)")
    }

    /// Appends requests of one row each to the model's prediction log, as `sluice serve` writes it.
    static func log(_ xs: [Double], in project: Project) throws {
        let folder = project.folder.file(".sluice/predictions/houses")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let now = ISO8601DateFormatter().string(from: Date())
        let lines = xs.map { x in
            #"{"time":"\#(now)","model":"houses","version":"1","endpoint":"invocations","rows":1,"inputs":{"x":[\#(x)]},"outputs":{"prediction":[\#(2 * x + 1)]}}"#
        }
        let file = folder + "/predictions-20261126T000000Z-0001.jsonl"
        let old = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        try (old + lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
    }

    @Test func theMonitorReadsTheNewestWindowOfThePredictionLogOnEveryCheck() throws {
        let project = try Project()
        try project.folder.write("monitor.yaml", """
            version: 1
            name: houses-monitor
            stages:
              predictions: {uses: sluice.drift/predictions, with: {model: houses}}
              reference:   {uses: sluice.drift/reference, with: {model: houses@production}}
              drift:       {uses: sluice.drift/drift, needs: {reference: reference.table, current: predictions.features}}
            monitor: {window: 40}
            """)
        #expect(try project.sluice("run").status == 0)
        try Self.log((1...40).map(Double.init), in: project)
        let (calm, quiet) = try project.monitorJSON()
        #expect(calm == 0, "\(quiet)")
        let report = try #require(((quiet["reports"] as? [[String: Any]])?.first)?["report"] as? [String: Any])
        #expect(report["current_rows"] as? Double == 40)

        // New traffic far from the training data: the window now holds only it.
        try Self.log((1...40).map { Double($0) + 500 }, in: project)
        let (drifted, loud) = try project.monitorJSON()
        #expect(drifted == 8, "the log is read again, not reused from the cache")
        #expect(loud["drift_detected"] as? Bool == true)

        // --window wins over monitor.window: the last 80 rows mix both.
        let wide = try project.sluice("monitor", "monitor.yaml", "--window", "80")
        #expect(wide.stdout.contains("40 reference rows, 80 current rows"), "\(wide.stdout)")
    }

    @Test func everyChecksAgainUntilStoppedAndExitsWithTheLastChecksCode() throws {
        let project = try Project(current: (1...40).map { Double($0) * 3 })
        #expect(try project.sluice("run").status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestEnvironment.sluice())
        process.arguments = ["monitor", "monitor.yaml", "--every", "5s", "--json"]
        process.currentDirectoryURL = URL(fileURLWithPath: project.folder.path)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for two finished checks: the loop then pauses 5 s, and Ctrl-C stops it there.
        func finishedChecks() -> Int {
            guard let listed = try? project.sluice("runs", "list", "--json"),
                  let runs = try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] else { return 0 }
            return runs.filter { $0["pipeline"] as? String == "houses-monitor" && $0["status"] as? String != "running" }.count
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, finishedChecks() < 2 { Thread.sleep(forTimeInterval: 0.2) }
        process.interrupt()
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        process.waitUntilExit()
        #expect(lines.count == 2, "one JSON line per check: \(lines)")
        for line in lines {
            let check = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(check["drift_detected"] as? Bool == true)
        }
        #expect(process.terminationStatus == 8, "the last check found drift")
    }
}

