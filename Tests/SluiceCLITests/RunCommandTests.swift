import Foundation
import SluiceTestSupport
import Testing

/// `sluice run`, `validate`, `runs`, `approve` and `resume` as a user runs them, on real
/// pipelines of test plugin stages.
@Suite struct RunCommandTests {
    /// A project folder with the Swift test plugin in its plugins/ folder.
    final class Project {
        let folder: TemporaryFolder

        init(_ pipeline: String) throws {
            folder = try TemporaryFolder()
            try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
            try folder.copy(TestEnvironment.product("libSluiceTestPlugin.so"), as: "plugins/libtestkit.so")
            try folder.write("sluice.yaml", pipeline)
        }

        deinit { folder.remove() }

        @discardableResult
        func sluice(_ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
            try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
        }

        func json(_ arguments: String...) throws -> [String: Any] {
            let result = try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
            return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        }

        func stages(_ run: [String: Any]) -> [String: String] {
            Dictionary(uniqueKeysWithValues: ((run["stages"] as? [[String: Any]]) ?? []).map { ($0["name"] as! String, $0["status"] as! String) })
        }
    }

    static let branches = """
        version: 1
        name: branches
        params: {message: hello, pause: 0.3}
        stages:
          left:   {uses: sluice.testkit/sleep, with: {seconds: "${params.pause}"}}
          right:  {uses: sluice.testkit/sleep, with: {seconds: "${params.pause}"}}
          first:  {uses: sluice.testkit/echo, with: {message: "${params.message}", metrics: {accuracy: 0.91}}}
          second: {uses: sluice.testkit/echo, needs: [first, left, right], with: {message: "after ${params.message}"}}
        """

    @Test func aPipelineRunsRecordsItsRunAndPrintsASummary() throws {
        let project = try Project(Self.branches)
        let result = try project.sluice("run", "--jobs", "3")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("second: done"))
        #expect(result.stdout.contains("STAGE   STATUS  TIME"))
        #expect(result.stdout.contains("accuracy=0.91"))

        let run = try project.json("runs", "show", "last", "--json")
        #expect(run["status"] as? String == "succeeded")
        #expect(project.stages(run) == ["left": "succeeded", "right": "succeeded", "first": "succeeded", "second": "succeeded"])
        #expect((run["metrics"] as? [String: Double])?["first.accuracy"] == 0.91)
        let lineage = try #require(run["lineage"] as? [[String: Any]])
        #expect(lineage.first?["from_stage"] as? String == "first")
        let list = try runProcess(TestEnvironment.sluice(), ["runs", "list"], directory: project.folder.path)
        #expect(list.stdout.contains("branches  succeeded"))
    }

    @Test func setOverridesAParamWithItsType() throws {
        let project = try Project(Self.branches)
        #expect(try project.sluice("run", "--set", "message=bye", "--set", "pause=0").status == 0)
        let run = try project.json("runs", "show", "last", "--json")
        #expect((run["params"] as? [String: Any])?["message"] as? String == "bye")
        #expect((run["params"] as? [String: Any])?["pause"] as? Int == 0)
        let stages = try #require(run["stages"] as? [[String: Any]])
        #expect((stages.first { $0["name"] as? String == "second" }?["config"] as? [String: Any])?["message"] as? String == "after bye")
    }

    @Test func stageRunsOnlyThatStageAndWhatItNeeds() throws {
        let project = try Project(Self.branches)
        #expect(try project.sluice("run", "--stage", "first", "--quiet").status == 0)
        #expect(project.stages(try project.json("runs", "show", "last", "--json")) == ["first": "succeeded"])
    }

    @Test func dryRunPrintsThePlanAndRecordsNothing() throws {
        let project = try Project(Self.branches)
        let result = try project.sluice("run", "--dry-run")
        #expect(result.status == 0)
        #expect(result.stdout.contains("[1] second  sluice.testkit/echo  after: first, left, right  inputs: in<-first.out"))
        #expect(!FileManager.default.fileExists(atPath: project.folder.file(".sluice/sluice.db")))
    }

    @Test func aFailingStageExitsWithTheStageFailureCodeAndSkipsItsDependants() throws {
        let project = try Project("""
            version: 1
            name: failing
            stages:
              broken: {uses: sluice.testkit/fail, with: {message: "the database is down"}}
              after:  {uses: sluice.testkit/echo, needs: [broken], with: {message: never}}
              other:  {uses: sluice.testkit/echo, with: {message: independent}}
            """)
        let result = try project.sluice("run")
        #expect(result.status == 4)
        #expect(result.stdout.contains("the database is down"))
        let run = try project.json("runs", "show", "last", "--json")
        #expect(project.stages(run) == ["broken": "failed", "after": "skipped", "other": "succeeded"])
    }

    @Test func aFailedQualityGateHasItsOwnExitCode() throws {
        let project = try Project("""
            version: 1
            name: gated
            stages:
              gate: {uses: sluice.testkit/fail, with: {status: gate_failed, message: "accuracy 0.61 is below 0.8"}}
            """)
        let result = try project.sluice("run", "--json")
        #expect(result.status == 5)
        let summary = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(summary["status"] as? String == "gate-failed")
        #expect(summary["exit_code"] as? Int == 5)
    }

    @Test func aStageOverItsTimeoutFails() throws {
        let project = try Project("""
            version: 1
            name: slow
            stages:
              slow: {uses: sluice.testkit/sleep, timeout: 300ms, with: {seconds: 60}}
            """)
        let started = Date()
        let result = try project.sluice("run", "--quiet")
        #expect(result.status == 4)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.stderr.contains("did not finish within its timeout of 300ms"))
    }

    @Test func ctrlCCancelsTheRunAndRecordsIt() throws {
        let project = try Project("""
            version: 1
            name: long
            stages:
              long: {uses: sluice.testkit/sleep, with: {seconds: 60}}
              next: {uses: sluice.testkit/echo, needs: [long], with: {message: never}}
            """)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestEnvironment.sluice())
        process.arguments = ["run", "--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: project.folder.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the stage is running, then interrupt.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let runs = try? runProcess(TestEnvironment.sluice(), ["runs", "show", "last", "--json"], directory: project.folder.path)
            if runs?.stdout.contains("\"running\"") == true { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 7)
        let run = try project.json("runs", "show", "last", "--json")
        #expect(run["status"] as? String == "cancelled")
        #expect(project.stages(run) == ["long": "cancelled", "next": "cancelled"])
    }

    @Test func aKilledRunIsMarkedInterruptedNotLeftRunning() throws {
        let project = try Project("""
            version: 1
            name: long
            stages:
              long: {uses: sluice.testkit/sleep, with: {seconds: 60}}
            """)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestEnvironment.sluice())
        process.arguments = ["run", "--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: project.folder.path)
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !(((try? project.json("runs", "show", "last", "--json"))?["status"] as? String) == "running") {
            Thread.sleep(forTimeInterval: 0.1)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let run = try project.json("runs", "show", "last", "--json")
        #expect(run["status"] as? String == "interrupted")
    }

    @Test func aManualApprovalStopsTheRunUntilApprovedAndResumed() throws {
        let project = try Project("""
            version: 1
            name: release
            stages:
              train:  {uses: sluice.testkit/echo, with: {message: model}}
              deploy: {uses: sluice.testkit/echo, needs: [train], approval: manual, with: {message: deployed}}
              report: {uses: sluice.testkit/echo, with: {message: report}}
            """)
        let waiting = try project.sluice("run")
        #expect(waiting.status == 6)
        #expect(waiting.stdout.contains("is waiting for approval of deploy"))
        let pending = try project.sluice("runs", "pending")
        #expect(pending.stdout.contains("release   deploy"))

        let premature = try project.sluice("approve", "last", "report", "--by", "ada")
        #expect(premature.status == 2)
        #expect(premature.stderr.contains("stage 'report' is succeeded, not awaiting approval. Waiting: deploy"))

        #expect(try project.sluice("approve", "last", "deploy", "--by", "ada", "--note", "metrics reviewed").status == 0)
        let resumed = try project.sluice("resume", "last")
        #expect(resumed.status == 0, "\(resumed)")
        let run = try project.json("runs", "show", "last", "--json")
        #expect(project.stages(run) == ["train": "succeeded", "deploy": "succeeded", "report": "succeeded"])
        let approvals = try #require(run["approvals"] as? [[String: Any]])
        #expect(approvals.first?["by"] as? String == "ada")
        #expect(approvals.first?["note"] as? String == "metrics reviewed")
        #expect(try project.sluice("runs", "show", "last").stdout.contains("deploy approved by ada: metrics reviewed"))
    }

    @Test func aRejectionEndsTheRunWithTheReason() throws {
        let project = try Project("""
            version: 1
            name: release
            stages:
              deploy: {uses: sluice.testkit/echo, approval: manual, with: {message: deployed}}
            """)
        #expect(try project.sluice("run", "--quiet").status == 6)
        #expect(try project.sluice("reject", "last", "deploy", "--by", "grace", "--note", "unfair to group B").status == 0)
        let run = try project.json("runs", "show", "last", "--json")
        #expect(run["status"] as? String == "rejected")
        #expect(try project.sluice("runs", "pending").stdout.contains("nothing is waiting"))
    }

    @Test func compareMarksDifferingParamsAndMetrics() throws {
        let project = try Project(Self.branches)
        #expect(try project.sluice("run", "--quiet", "--set", "pause=0").status == 0)
        #expect(try project.sluice("run", "--quiet", "--set", "pause=0", "--set", "message=bye").status == 0)
        let list = try runProcess(TestEnvironment.sluice(), ["runs", "list", "--json"], directory: project.folder.path)
        let ids = try #require(JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]).compactMap { $0["id"] as? String }
        let compared = try project.sluice("runs", "compare", ids[0], ids[1])
        #expect(compared.status == 0)
        #expect(compared.stdout.contains("*  param message"))
        #expect(compared.stdout.contains("   param pause"))
    }

    @Test func validateReportsEveryErrorWithItsPlace() throws {
        let project = try Project("""
            version: 1
            name: broken
            stages:
              a: {uses: sluice.testkit/echo, neds: [b], with: {message: x}}
              b: {uses: sluice.testkit/ech, with: {message: y}}
            """)
        let result = try project.sluice("validate")
        #expect(result.status == 3)
        #expect(result.stderr.contains("sluice.yaml:4:34: error: stage 'a': unknown key 'neds'. Did you mean 'needs'?"))
        #expect(result.stderr.contains("sluice.yaml:5:13: error: stage 'b': plugin 'sluice.testkit' has no stage 'ech'. Did you mean 'echo'?"))
        #expect(result.stderr.contains("2 errors"))
        #expect(try project.sluice("run").status == 3)
    }

    @Test func aMissingPipelineFileSaysWhatToDo() throws {
        let project = try Project("version: 1\n")
        let result = try project.sluice("run", "nothere.yaml")
        #expect(result.status == 3)
        #expect(result.stderr.contains("nothere.yaml"))
    }

    @Test func aRunInAGitRepositoryRecordsItsCommitAndWhetherTrackedFilesChanged() throws {
        guard let git = ["/usr/bin/git", "/usr/local/bin/git"].first(where: FileManager.default.isExecutableFile) else { return }
        let project = try Project(Self.branches.replacingOccurrences(of: "pause: 0.3", with: "pause: 0"))
        let environment = ProcessInfo.processInfo.environment.merging(
            ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@localhost", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@localhost"]) { $1 }
        for arguments in [["init", "-q"], ["add", "sluice.yaml"], ["commit", "-q", "-m", "pipeline"]] {
            try runProcess(git, arguments, environment: environment, directory: project.folder.path)
        }
        let head = try runProcess(git, ["rev-parse", "HEAD"], directory: project.folder.path).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        #expect(try project.sluice("run", "--quiet").status == 0)  // plugins/ and .sluice/ are untracked: still clean
        let clean = try project.json("runs", "show", "last", "--json")
        #expect(clean["git_commit"] as? String == head)
        #expect(clean["git_dirty"] as? Bool == false)

        try project.folder.write("sluice.yaml", Self.branches.replacingOccurrences(of: "pause: 0.3", with: "pause: 0.01"))
        #expect(try project.sluice("run", "--quiet").status == 0)
        let dirty = try project.json("runs", "show", "last", "--json")
        #expect(dirty["git_commit"] as? String == head)
        #expect(dirty["git_dirty"] as? Bool == true)
    }
}
