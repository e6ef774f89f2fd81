import Foundation
import SluiceTestSupport
import Testing

/// Models whose plugin runs in a worker process: a crashing model plugin fails the
/// request it was answering (503 from `sluice serve`, a clear error from `sluice
/// predict`), never the server, and the next request is served by a new worker.
@Suite struct WorkerModelTests {
    static let primary = #"{"format":"fixture.linear/1","intercept":1,"coef":{"x":2}}"#
    static let canary = #"{"format":"fixture.linear/1","intercept":0,"coef":{"x":3}}"#
    let http = ServeCommandTests()

    /// A project whose model plugin crashes (SIGSEGV) on a row with x = -999.
    func project(build: String? = nil) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
        var defines = ["FIXTURE_WITH_MODEL", "FIXTURE_ID=\"fixture.model\"", "FIXTURE_KIND=SLUICE_STAGE_TRAINER", "FIXTURE_CRASH_VALUE=-999"]
        if let build { defines.append("FIXTURE_BUILD=\"\(build)\"") }
        _ = try compileFixture("plugins/libfixture_model.so", in: folder, defines: defines)
        try folder.write("model.json", Self.primary)
        try folder.write("canary.json", Self.canary)
        try folder.write("rows.csv", "x\n1\n2\n3\n")
        try folder.write("crash.csv", "x\n1\n-999\n")
        return folder
    }

    /// The label `sluice serve` gives a model file's version: the start of its digest.
    func label(of file: String, in folder: TemporaryFolder) throws -> String {
        let digest = try runProcess("/usr/bin/env", ["sha256sum", folder.file(file)]).stdout
        return "sha256:" + digest.prefix(12)
    }

    func infer(_ server: ServeProcess, version: String, x: Double) throws -> ServeCommandTests.Response {
        try http.post(server.port, "/v2/models/model/versions/\(version)/infer",
                      #"{"inputs":[{"name":"x","shape":[1],"datatype":"FP64","data":[\#(x)]}]}"#)
    }

    @Test func aServedModelWhoseWorkerCrashesAnswers503AndTheNextRequestGetsANewWorker() throws {
        let folder = try project()
        defer { folder.remove() }
        let server = try ServeProcess(["serve", "--model-file", "model.json", "--port", "0", "--log-sample", "0", "--isolation", "process"],
                                      directory: folder.path)
        defer { server.kill() }
        let before = try http.post(server.port, "/invocations", #"{"inputs":{"x":[2]}}"#)
        #expect(before.status == 200)
        #expect(before.json["predictions"] as? [Double] == [5])

        let crashed = try http.post(server.port, "/invocations", #"{"inputs":{"x":[-999]}}"#)
        #expect(crashed.status == 503)
        let message = "\(crashed.json)"
        #expect(message.contains("SIGSEGV"), "\(message)")
        #expect(message.contains("worker.died"), "\(message)")

        for x in 0..<5 {
            let after = try http.post(server.port, "/invocations", #"{"inputs":{"x":[\#(x)]}}"#)
            #expect(after.status == 200, "request \(x) after the crash: \(after.json)")
            #expect(after.json["predictions"] as? [Double] == [2 * Double(x) + 1])
        }
        #expect(try http.get(server.port, "/v2/health/live").status == 200)
        #expect(server.terminate() == 0)
        #expect(server.stderr.contains("started a new worker for model"))
    }

    @Test func whenOneVersionsWorkerCrashesTheOtherVersionKeepsServing() throws {
        let folder = try project()
        defer { folder.remove() }
        let server = try ServeProcess(["serve", "--model-file", "model.json", "--canary-file", "canary.json", "--canary-percent", "50",
                                       "--port", "0", "--log-sample", "0", "--isolation", "process"], directory: folder.path)
        defer { server.kill() }
        let primary = try label(of: "model.json", in: folder), canary = try label(of: "canary.json", in: folder)
        #expect(try infer(server, version: canary, x: 1).status == 200)
        #expect(try infer(server, version: canary, x: -999).status == 503)
        let served = try infer(server, version: primary, x: 2)
        #expect(served.status == 200, "\(served.json)")
        let outputs = served.json["outputs"] as? [[String: Any]]
        #expect(outputs?.first?["data"] as? [Double] == [5])
        let again = try infer(server, version: canary, x: 2)
        #expect(again.status == 200, "the canary is served again by a new worker: \(again.json)")
        #expect((again.json["outputs"] as? [[String: Any]])?.first?["data"] as? [Double] == [6])
        #expect(server.terminate() == 0)
    }

    @Test func predictInAWorkerGivesTheSameAnswersAndACrashIsAnErrorNotACrash() throws {
        let folder = try project()
        defer { folder.remove() }
        let sluice = try TestEnvironment.sluice()
        let here = try runProcess(sluice, ["predict", "--model", "model.json", "--input", "rows.csv", "--output", "here.csv"], directory: folder.path)
        #expect(here.status == 0, "\(here)")
        let worker = try runProcess(sluice, ["predict", "--model", "model.json", "--input", "rows.csv", "--output", "worker.csv", "--isolation", "process"],
                                    directory: folder.path)
        #expect(worker.status == 0, "\(worker)")
        #expect(try String(contentsOfFile: folder.file("worker.csv"), encoding: .utf8) == String(contentsOfFile: folder.file("here.csv"), encoding: .utf8))
        #expect(worker.stderr.contains("runs in a worker process"))

        let crash = try runProcess(sluice, ["predict", "--model", "model.json", "--input", "crash.csv", "--output", "out.csv", "--isolation", "process"],
                                   directory: folder.path)
        #expect(crash.status != 0)
        #expect(crash.stderr.contains("killed by SIGSEGV"), "\(crash.stderr)")
        #expect(crash.stderr.contains("[worker.died]"), "\(crash.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out.csv")), "nothing half-written")
    }

    @Test func aModelPluginOfAnotherSwiftToolchainIsServedFromAWorkerWithoutBeingAsked() throws {
        let folder = try project(build: "swift Clang 13.0.0 (swift-5.6)")
        defer { folder.remove() }
        let result = try runProcess(try TestEnvironment.sluice(), ["predict", "--model", "model.json", "--input", "rows.csv", "--output", "out.csv"],
                                    directory: folder.path)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("was built by another Swift toolchain ('swift Clang 13.0.0 (swift-5.6)'"), "\(result.stderr)")
        #expect(result.stderr.contains("its models run in a worker process"))
        let lines = try String(contentsOfFile: folder.file("out.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.last?.hasSuffix(",7") == true || lines.last?.hasSuffix(",7.0") == true, "\(lines)")
    }

    @Test func aModelsLogLinesReachTheServersLogAndPredictsStandardError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
        _ = try compileABI11Fixture("plugins/libabi11.so", in: folder)
        try folder.write("model.json", #"{"abi11":"const"}"#)
        try folder.write("rows.csv", "x\n1\n")
        let predict = try runProcess(try TestEnvironment.sluice(), ["predict", "--model", "model.json", "--input", "rows.csv", "--output", "out.csv"],
                                     directory: folder.path)
        #expect(predict.stderr.contains("model warning: "), "\(predict.stderr)")
        for isolation in ["none", "process"] {
            let server = try ServeProcess(["serve", "--model-file", "model.json", "--port", "0", "--log-sample", "0", "--isolation", isolation],
                                          directory: folder.path)
            defer { server.kill() }
            #expect(server.terminate() == 0)
            #expect(server.stderr.contains("sluice serve: model warning: "), "\(isolation): \(server.stderr)")
        }
    }

    @Test func aGateWhoseModelRunsInAWorkerFailsItsStageWhenTheWorkerCrashesAndTheRunGoesOn() throws {
        let folder = try project()
        defer { folder.remove() }
        try folder.write("sluice.yaml", """
            version: 1
            name: gated
            plugins: [{path: plugins/libfixture_model.so, isolation: process}]
            stages:
              load:  {uses: sluice.csv/load, with: {path: data.csv, target: y}}
              fit:   {uses: sluice.linear/linear, needs: [load], with: {features: [x]}}
              same:  {uses: sluice.gates/equivalence, needs: [fit, load], with: {other: model.json, tolerance: 0.000001}}
              scale: {uses: sluice.transforms/standardize, needs: {train: load.data}, with: {columns: [x]}}
            """)
        func run(_ rows: [Double]) throws -> (status: Int32, stdout: String, stderr: String) {
            try folder.write("data.csv", "x,y\n" + rows.map { "\($0),\(2 * $0 + 1)" }.joined(separator: "\n") + "\n")
            return try runProcess(TestEnvironment.sluice(), ["run", "--force"], directory: folder.path)
        }
        // y = 2x + 1 is what model.json predicts: the worker's predictions pass the gate.
        let passed = try run([0, 1, 2, 3, 4, 5])
        #expect(passed.status == 0, "\(passed)")
        #expect(passed.stdout.contains("equivalence gate passed"), "\(passed.stdout)")
        #expect((passed.stdout + passed.stderr).contains("runs in a worker process (isolation: process)"), "\(passed)")

        let crashed = try run([0, 1, -999, 3])
        #expect(crashed.status == 4, "the gate's stage fails, the host does not: \(crashed)")
        #expect((crashed.stdout + crashed.stderr).contains("killed by SIGSEGV"), "\(crashed)")
        let shown = try runProcess(TestEnvironment.sluice(), ["runs", "show", "last", "--json"], directory: folder.path)
        let record = try #require(JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        let stages = Dictionary(uniqueKeysWithValues: (record["stages"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0["status"] as? String ?? "") })
        #expect(stages["same"] == "failed" && stages["scale"] == "succeeded" && stages["fit"] == "succeeded", "\(stages)")
    }
}
