import Foundation
import SluiceTestSupport
import Testing

/// A plugin that crashes, exits, hangs or blows up fails its own stage when it runs in a
/// worker (`isolation: process`): the host survives, the other branches finish, the run
/// record says why, and `sluice resume` carries on once the cause is gone. In the sluice
/// process the same plugin takes the whole run down, as these tests also document.
@Suite struct WorkerIsolationTests {
    final class Project {
        let folder: TemporaryFolder

        init(_ stages: String, defines: [String] = []) throws {
            folder = try TemporaryFolder()
            _ = try compileFixture("libmisbehaving.so", in: folder, defines: defines, source: "misbehaving_plugin.c")
            try folder.write("data.csv", "x,y\n1,2\n2,4.1\n3,5.9\n4,8.2\n")
            try folder.write("sluice.yaml", "version: 1\nname: workers\nplugins: [libmisbehaving.so]\nstages:\n" + stages)
        }

        deinit { folder.remove() }

        @discardableResult
        func sluice(_ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
            try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
        }

        /// Each stage of the newest run: its status and error.
        func stages() throws -> [String: (status: String, error: String?)] {
            let result = try sluice("runs", "show", "last", "--json")
            let run = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
            var stages: [String: (status: String, error: String?)] = [:]
            for stage in run["stages"] as? [[String: Any]] ?? [] {
                stages[stage["name"] as? String ?? ""] = (stage["status"] as? String ?? "", stage["error"] as? String)
            }
            return stages
        }
    }

    /// A branch that has nothing to do with the misbehaving stage.
    static let goodBranch = """
          load: {uses: sluice.csv/load, with: {path: data.csv, target: y}}
          scale: {uses: sluice.transforms/standardize, needs: {train: load.data}, with: {columns: [x]}}

        """

    @Test(arguments: [
        ("segfault", "killed by SIGSEGV (segmentation fault)"),
        ("abort", "killed by SIGABRT"),
        ("exit", "exited with status 0 before the stage finished"),
    ])
    func aCrashInAWorkerFailsItsStageAndTheRestOfTheRunFinishes(stage: String, reason: String) throws {
        let project = try Project(Self.goodBranch + "  bad: {uses: fixture.misbehaving/\(stage), isolation: process, with: {when_file: armed}}\n")
        try project.folder.write("armed", "")
        let run = try project.sluice("run")
        #expect(run.status == 4, "a failed stage exits 4: \(run)")
        let stages = try project.stages()
        #expect(stages["bad"]?.status == "failed")
        #expect(stages["bad"]?.error?.contains(reason) == true, "\(String(describing: stages["bad"]))")
        #expect(stages["load"]?.status == "succeeded" && stages["scale"]?.status == "succeeded")
        #expect(run.stderr.contains("[worker.died]") || run.stdout.contains("[worker.died]"), "\(run)")

        // The cause goes away: resume runs only the failed stage, and the run succeeds.
        try FileManager.default.removeItem(atPath: project.folder.file("armed"))
        let resumed = try project.sluice("resume", "last")
        #expect(resumed.status == 0, "\(resumed)")
        let after = try project.stages()
        #expect(after["bad"]?.status == "succeeded" && after["scale"]?.status == "succeeded")
    }

    @Test func aSwiftPluginOfAnotherToolchainRunsInAWorkerUnaskedAndSaysWhy() throws {
        let project = try Project(Self.goodBranch + "  bad: {uses: fixture.misbehaving/segfault, with: {when_file: armed}}\n",
                                  defines: [#"MISBEHAVING_BUILD="swift Clang 13.0.0 (swift-5.6)""#])
        let fine = try project.sluice("run")
        #expect(fine.status == 0, "\(fine)")
        let said = fine.stdout + fine.stderr
        #expect(said.contains("was built by another Swift toolchain ('swift Clang 13.0.0 (swift-5.6)'"), "\(said)")
        // In a worker, so the crash fails only its stage although the pipeline never asked.
        try project.folder.write("armed", "")
        let crashed = try project.sluice("run", "--force")
        #expect(crashed.status == 4, "\(crashed)")
        let stages = try project.stages()
        #expect(stages["bad"]?.error?.contains("killed by SIGSEGV") == true, "\(String(describing: stages["bad"]))")
        #expect(stages["scale"]?.status == "succeeded")
    }

    @Test func inTheSluiceProcessTheSameCrashTakesTheWholeRunDown() throws {
        let project = try Project(Self.goodBranch + "  bad: {uses: fixture.misbehaving/segfault}\n")
        let run = try project.sluice("run", "--jobs", "1")
        // The host died of the plugin's signal: no exit status of its own, no final report.
        #expect(run.status == SIGSEGV, "\(run)")
        #expect(!run.stdout.contains("failed in"))
        // The next command finds the run unfinished and marks it interrupted.
        #expect(try project.stages()["bad"]?.status != "succeeded")
        #expect(try project.sluice("runs", "list").stdout.contains("interrupted"))
    }

    @Test func theSameCrashWithIsolationFromTheCommandLineFailsOnlyItsStage() throws {
        let project = try Project(Self.goodBranch + "  bad: {uses: fixture.misbehaving/segfault}\n")
        let run = try project.sluice("run", "--isolation", "process")
        #expect(run.status == 4, "\(run)")
        #expect(try project.stages()["bad"]?.error?.contains("SIGSEGV") == true)
        #expect(try project.stages()["scale"]?.status == "succeeded")
    }

    @Test func aPluginsEntryCanAskForIsolationForEveryStageOfItsPlugins() throws {
        let project = try Project(Self.goodBranch + "  bad: {uses: fixture.misbehaving/abort}\n")
        try project.folder.write("sluice.yaml", "version: 1\nname: workers\nplugins: [{path: libmisbehaving.so, isolation: process}]\nstages:\n"
            + Self.goodBranch + "  bad: {uses: fixture.misbehaving/abort}\n")
        #expect(try project.sluice("run").status == 4)
        #expect(try project.stages()["bad"]?.error?.contains("SIGABRT") == true)
    }

    @Test func aStageThatIgnoresCancellationIsKilledAtItsTimeoutAndTheRunGoesOn() throws {
        let project = try Project(Self.goodBranch + "  bad: {uses: fixture.misbehaving/hang, isolation: process, timeout: 500ms}\n")
        let started = Date()
        let run = try project.sluice("run")
        #expect(run.status == 4, "\(run)")
        // The timeout, then the 2 s grace to stop, then the kill: no thread is left behind.
        #expect(Date().timeIntervalSince(started) < 15)
        let stages = try project.stages()
        #expect(stages["bad"]?.error?.contains("did not finish within its timeout of 500ms") == true, "\(String(describing: stages["bad"]))")
        #expect(stages["scale"]?.status == "succeeded")
    }

    @Test func aStageOverItsMemoryLimitIsKilledAndTheErrorSaysSo() throws {
        let project = try Project(Self.goodBranch + "  bad: {uses: fixture.misbehaving/memory, resources: {memory: 128MiB}, with: {mib: 2048}}\n")
        let run = try project.sluice("run")
        #expect(run.status == 4, "\(run)")
        // Memory limits need a process of their own: the stage ran in a worker without being asked.
        #expect(run.stdout.contains("runs in a worker process: resources.memory"), "\(run)")
        let error = try #require(try project.stages()["bad"]?.error)
        #expect(error.contains("exceeded its memory limit of 128 MiB"), "\(error)")
        #expect(run.stderr.contains("[worker.memory]") || run.stdout.contains("[worker.memory]"))
    }

    @Test func aStageWithinItsMemoryLimitRunsAsUsual() throws {
        let project = try Project("  fine: {uses: fixture.misbehaving/memory, resources: {memory: 512MiB}, with: {mib: 64}}\n")
        #expect(try project.sluice("run").status == 0)
        #expect(try project.stages()["fine"]?.status == "succeeded")
    }

    @Test func aStageThatUsesUpItsCPUTimeIsStopped() throws {
        let project = try Project(Self.goodBranch + "  bad: {uses: fixture.misbehaving/spin, resources: {time: 1s}}\n")
        #expect(try project.sluice("run").status == 4)
        #expect(try project.stages()["bad"]?.error?.contains("used up its CPU time limit of 1s") == true)
    }

    @Test func anOutputLargerThanMaxOutputFailsTheStage() throws {
        let project = try Project(Self.goodBranch + "  bad: {uses: fixture.misbehaving/huge_output, isolation: process, max_output: 1MiB, with: {mib: 3}}\n")
        #expect(try project.sluice("run").status == 4)
        let error = try #require(try project.stages()["bad"]?.error)
        #expect(error.contains("wrote 3 MiB to output 'out', more than its max_output of 1 MiB"), "\(error)")
        // Under the limit the same stage succeeds.
        try project.folder.write("sluice.yaml", "version: 1\nname: workers\nplugins: [libmisbehaving.so]\nstages:\n"
            + "  bad: {uses: fixture.misbehaving/huge_output, isolation: process, max_output: 8MiB, with: {mib: 3}}\n")
        #expect(try project.sluice("run").status == 0)
    }

    /// Every host service a stage uses crosses to a worker: artifacts, model loading
    /// ("sluice.models/1" in the gate), the registry (promote), logs and metrics. The same
    /// pipeline run in workers and in the sluice process gives the same model, metrics
    /// and registry record.
    @Test func aWholePipelineInWorkersGivesWhatItGivesInProcess() throws {
        func run(_ isolation: String) throws -> (model: String?, metrics: [String: Double], logs: Int) {
            let project = try Project("""
                  load:     {uses: sluice.csv/load, with: {path: data.csv, target: y}}
                  split:    {uses: sluice.transforms/split, needs: {data: load.data}, with: {test_fraction: 0.25, seed: 3}}
                  scale:    {uses: sluice.transforms/standardize, needs: {train: split.train, test: split.test}, with: {columns: [x]}}
                  train:    {uses: sluice.linear/ridge, needs: {train: scale.train}, with: {alpha: 0.5}}
                  evaluate: {uses: sluice.gates/metrics, needs: {model: train.model, test: split.test}, with: {gates: {r2: ">= 0.5"}}}
                  release:  {uses: sluice.deploy/promote, needs: [train.model, evaluate], with: {name: line}}

                """)
            var rows = "x,y\n"
            for index in 0..<40 { rows += "\(index),\(Double(index) * 2 + Double(index % 3) * 0.1)\n" }
            try project.folder.write("data.csv", rows)
            let result = try project.sluice("run", "--isolation", isolation)
            #expect(result.status == 0, "\(result)")
            let shown = try project.sluice("models", "show", "line@production", "--json")
            let model = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
            let runJSON = try project.sluice("runs", "show", "last", "--json")
            let record = try #require(JSONSerialization.jsonObject(with: Data(runJSON.stdout.utf8)) as? [String: Any])
            return (model?["digest"] as? String, record["metrics"] as? [String: Double] ?? [:], (record["logs"] as? [Any])?.count ?? 0)
        }
        let isolated = try run("process"), inProcess = try run("none")
        #expect(isolated.model != nil && isolated.model == inProcess.model)
        #expect(!isolated.metrics.isEmpty && isolated.metrics == inProcess.metrics)
        #expect(isolated.metrics["evaluate.r2"] != nil)
        #expect(isolated.logs == inProcess.logs && isolated.logs > 0)
    }

    @Test func badIsolationSettingsAreConfigErrorsAtTheirPlace() throws {
        let project = try Project("  bad: {uses: fixture.misbehaving/segfault, isolation: proces, resources: {memory: lots, cpu: 2}, max_output: -1}\n")
        let result = try project.sluice("validate")
        #expect(result.status == 3, "\(result)")
        let text = result.stderr + result.stdout
        #expect(text.contains("sluice.yaml:5:56"), "\(text)")
        #expect(text.contains("`isolation` must be process or none") && text.contains("Did you mean 'process'?"))
        #expect(text.contains("`resources.memory` 'lots' is not a size"))
        #expect(text.contains("unknown key 'cpu' in resources. Did you mean 'cpus'?"))
        #expect(text.contains("`max_output` must be a size above zero"))
    }

    @Test func stagesThatAskForAllTheMachinesCPUsDoNotRunAtOnce() throws {
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        func stage(_ name: String) -> String {
            "  \(name): {uses: sluice.exec/run, resources: {cpus: \(cpus)}, with: {cmd: \"date +%s%N > \(name).start; sleep 0.4; date +%s%N > \(name).end\"}}\n"
        }
        let project = try Project(stage("first") + stage("second"))
        let run = try project.sluice("run", "--jobs", "4")
        #expect(run.status == 0, "\(run)")
        func time(_ file: String) throws -> Int {
            try #require(Int(String(contentsOfFile: project.folder.file(file), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let first = try (time("first.start"), time("first.end")), second = try (time("second.start"), time("second.end"))
        #expect(first.1 <= second.0 || second.1 <= first.0, "one waited for the other's CPUs: \(first) \(second)")
    }
}
