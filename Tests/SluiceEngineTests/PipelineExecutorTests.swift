import Foundation
@testable import SluiceEngine
@testable import SluicePipeline
@testable import SluiceStore
@testable import SluiceSupport
import SluiceTestSupport
import Testing

/// The executor runs real plugin stages as a DAG and records everything it does.
@Suite struct PipelineExecutorTests {
    private func text(_ project: ExecutorProject, _ digest: String) throws -> String {
        String(decoding: try #require(try project.objects.read(digest: digest)).data, as: UTF8.self)
    }

    @Test func outputsFlowThroughPortsAndAreStoredByDigest() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([
            try project.stage("first", "sluice.testkit/echo", with: echo("one", metrics: ["accuracy": 0.75])),
            try project.stage("second", "sluice.testkit/echo", needs: ["first"], inputs: ["in": PortReference(stage: "first", port: "out")], with: echo("two")),
        ], params: ["alpha": .number(0.5)])

        let outcome = try project.executor(pipeline).run()

        #expect(outcome.status == .succeeded)
        let detail = try project.store.detail(outcome.runID)
        #expect(detail.summary.status == .succeeded)
        #expect(detail.params == ["alpha": "0.5"])
        #expect(detail.stages.map(\.status) == [.succeeded, .succeeded])
        let output = try #require(detail.artifacts.first { $0.stage == "second" && $0.name == "out" })
        #expect(try text(project, output.digest) == "one\ntwo\n")
        #expect(output.digest == Array("one\ntwo\n".utf8).withUnsafeBytes { sha256Digest($0) })
        #expect(output.size == 8)
        let firstOut = try #require(detail.artifacts.first { $0.stage == "first" })
        #expect(detail.lineage == [LineageRecord(stage: "second", inputPort: "in", sourceStage: "first", sourcePort: "out", digest: firstOut.digest)])
        #expect(detail.metrics.map(\.name) == ["accuracy"])
        #expect(detail.events.contains { $0.stage == "first" && $0.message == "one" })
    }

    @Test func independentStagesRunInParallelUpToJobs() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([
            try project.stage("a", "sluice.testkit/sleep", with: .object(["seconds": .number(0.4)])),
            try project.stage("b", "sluice.testkit/sleep", with: .object(["seconds": .number(0.4)])),
        ])
        let parallelStart = Date()
        #expect(try project.executor(pipeline, jobs: 2, force: true).run().status == .succeeded)
        let parallel = Date().timeIntervalSince(parallelStart)
        let serialStart = Date()
        #expect(try project.executor(pipeline, jobs: 1, force: true).run().status == .succeeded)
        let serial = Date().timeIntervalSince(serialStart)
        #expect(serial >= 0.8)
        #expect(parallel < serial - 0.2, "parallel \(parallel)s vs serial \(serial)s")
    }

    @Test func aFailedStageStopsItsDependantsAndTheRestFinish() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([
            try project.stage("broken", "sluice.testkit/fail", with: .object(["message": .string("disk on fire")])),
            try project.stage("after", "sluice.testkit/echo", needs: ["broken"], with: echo("never")),
            try project.stage("later", "sluice.testkit/echo", needs: ["after"], with: echo("never")),
            try project.stage("other", "sluice.testkit/echo", with: echo("independent")),
        ])

        let outcome = try project.executor(pipeline).run()

        #expect(outcome.status == .failed)
        #expect(outcome.stages.map(\.result.status) == [.failed, .skipped, .skipped, .succeeded])
        #expect(outcome.failures.map(\.message) == ["sluice.testkit/fail failed in run: disk on fire"])
        let detail = try project.store.detail(outcome.runID)
        #expect(detail.stages.first { $0.stage == "after" }?.error == "needs 'broken', which did not succeed")
        #expect(detail.stages.first?.errorCode == "stage.failed")
    }

    @Test func aFailedGateEndsTheRunAsGateFailed() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([try project.stage("gate", "sluice.testkit/fail", with: .object(["status": .string("gate_failed")]))])
        let outcome = try project.executor(pipeline).run()
        #expect(outcome.status == .gateFailed)
        #expect(outcome.status == .gateFailed)
    }

    @Test func aStageThatOverrunsItsTimeoutFails() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([try project.stage("slow", "sluice.testkit/sleep", with: .object(["seconds": .integer(30)]), timeout: 0.2)])
        let started = Date()
        let outcome = try project.executor(pipeline).run()
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(outcome.status == .failed)
        #expect(outcome.failures.first?.code == .stageTimeout)
        #expect(outcome.failures.first?.message.contains("timeout of 200ms") == true)
    }

    @Test func retriesRunAFailingStageAgain() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([try project.stage("flaky", "sluice.testkit/fail", retries: 2)])
        let outcome = try project.executor(pipeline).run()
        #expect(outcome.status == .failed)
        let detail = try project.store.detail(outcome.runID)
        #expect(detail.stages.first?.attempts == 3)
        #expect(detail.events.filter { $0.message.contains("retrying") }.count == 2)
    }

    @Test func aGateFailureIsNotRetried() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([try project.stage("gate", "sluice.testkit/fail", with: .object(["status": .string("gate_failed")]), retries: 3)])
        let outcome = try project.executor(pipeline).run()
        #expect(try project.store.detail(outcome.runID).stages.first?.attempts == 1)
    }

    @Test func cancellingStopsRunningStagesAndRecordsTheRunAsCancelled() throws {
        let project = try ExecutorProject()
        let token = CancellationToken()
        let pipeline = project.pipeline([
            try project.stage("long", "sluice.testkit/sleep", with: .object(["seconds": .integer(30)])),
            try project.stage("next", "sluice.testkit/echo", needs: ["long"], with: echo("never")),
        ])
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { token.cancel() }
        let started = Date()
        let outcome = try project.executor(pipeline, cancellation: token).run()
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(outcome.status == .cancelled)
        #expect(outcome.stages.map(\.result.status) == [.cancelled, .cancelled])
        #expect(try project.store.detail(outcome.runID).summary.status == .cancelled)
        #expect(try project.store.runs().first?.endedAt != nil)
    }

    @Test func stageTargetsRunOnlyThemAndWhatTheyNeed() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([
            try project.stage("a", "sluice.testkit/echo", with: echo("a")),
            try project.stage("b", "sluice.testkit/echo", needs: ["a"], with: echo("b")),
            try project.stage("c", "sluice.testkit/echo", needs: ["b"], with: echo("c")),
            try project.stage("d", "sluice.testkit/echo", with: echo("d")),
        ])
        let outcome = try project.executor(pipeline, targets: ["b"]).run()
        #expect(outcome.stages.map(\.name) == ["a", "b"])
        #expect(try project.store.detail(outcome.runID).stages.map(\.stage) == ["a", "b"])
        #expect(throws: SluiceError.self) { try project.executor(pipeline, targets: ["zz"]).run() }
    }

    @Test func aManualApprovalPausesTheRunUntilApprovedThenResumeFinishesIt() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([
            try project.stage("train", "sluice.testkit/echo", with: echo("model")),
            try project.stage("deploy", "sluice.testkit/echo", needs: ["train"], inputs: ["in": PortReference(stage: "train", port: "out")],
                              with: echo("deployed"), approval: .manual),
            try project.stage("notify", "sluice.testkit/echo", needs: ["deploy"], with: echo("told")),
            try project.stage("report", "sluice.testkit/echo", with: echo("independent")),
        ])

        let paused = try project.executor(pipeline).run()
        #expect(paused.status == .awaitingApproval)
        #expect(paused.status == .awaitingApproval)
        #expect(paused.stages.map(\.result.status) == [.succeeded, .awaitingApproval, .waiting, .succeeded])
        #expect(try project.store.pendingApprovals().map(\.stage) == ["deploy"])

        try project.store.recordApproval(paused.runID, ApprovalRecord(stage: "deploy", decision: .approved, by: "ada", note: "metrics fine", time: Date()))
        let resumed = try project.executor(pipeline).resume(paused.runID)

        #expect(resumed.runID == paused.runID)
        #expect(resumed.status == .succeeded)
        let detail = try project.store.detail(paused.runID)
        #expect(detail.stages.map(\.status) == [.succeeded, .succeeded, .succeeded, .succeeded])
        #expect(detail.stages.first?.attempts == 1, "train ran once: its output was reused")
        #expect(detail.approvals.map(\.by) == ["ada"])
        let deployed = try #require(detail.artifacts.first { $0.stage == "deploy" })
        #expect(try text(project, deployed.digest) == "model\ndeployed\n")
        #expect(try project.store.pendingApprovals().isEmpty)
    }

    @Test func aRejectedApprovalEndsTheRunAsRejected() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([
            try project.stage("deploy", "sluice.testkit/echo", with: echo("deployed"), approval: .manual),
            try project.stage("notify", "sluice.testkit/echo", needs: ["deploy"], with: echo("told")),
        ])
        let paused = try project.executor(pipeline).run()
        try project.store.recordApproval(paused.runID, ApprovalRecord(stage: "deploy", decision: .rejected, by: "grace", note: "bias too high", time: Date()))
        let resumed = try project.executor(pipeline).resume(paused.runID)
        #expect(resumed.status == .rejected)
        #expect(resumed.stages.map(\.result.status) == [.rejected, .skipped])
    }

    @Test func aResumedRunMustUseTheSamePipeline() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([try project.stage("gate", "sluice.testkit/fail")])
        let failed = try project.executor(pipeline).run()
        let changed = Pipeline(file: "sluice.yaml", digest: "sha256:other", version: 1, name: "test", params: [:], stages: pipeline.stages)
        #expect { try project.executor(changed).resume(failed.runID) } throws: { ($0 as! SluiceError).code == .runPipelineChanged }
    }

    @Test func manyMetricsFromOneStageAreAllRecorded() throws {
        let project = try ExecutorProject()
        var metrics: [String: Double] = [:]
        for index in 0..<2_000 { metrics["m\(index)"] = Double(index) }
        let outcome = try project.executor(project.pipeline([try project.stage("m", "sluice.testkit/echo", with: echo("x", metrics: metrics))])).run()
        #expect(try project.store.detail(outcome.runID).metrics.count == 2_000)
    }

    @Test func runsLeftRunningByADeadProcessAreMarkedInterrupted() throws {
        let project = try ExecutorProject()
        let summary = RunSummary(id: "r1", pipeline: "p", pipelineFile: "f", pipelineDigest: "d", status: .running, startedAt: Date(), hostVersion: "0")
        try project.store.createRun(summary, stages: [], params: [:])
        try project.store.createRun(RunSummary(id: "r2", pipeline: "p", pipelineFile: "f", pipelineDigest: "d", status: .running, startedAt: Date(), hostVersion: "0"),
                                    stages: [], params: [:], pid: 999_999_999)
        // r1's process (this one) is alive; r2's is gone.
        #expect(try project.store.markInterruptedRuns() == ["r2"])
        #expect(try project.store.detail("r2").summary.status == .interrupted)
        #expect(try project.store.detail("r1").summary.status == .running)
    }
}
