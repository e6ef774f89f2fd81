import Foundation
import Testing

/// Whole pipelines: a CSV is loaded, the test plugin trains a model, and a gate of
/// sluice.gates judges it, with the model crossing the object store and the host's
/// "sluice.models/1" as in a real run.
@Suite struct GatesPipelineTests {
    @Test func aPassingGateLetsTheRunSucceedAndRecordsTheMetrics() throws {
        let project = try GatesProject()
        let outcome = try project.run(try project.lineStages(slope: 2, intercept: 1, gate: ("sluice.gates/metrics", #"{"gates":{"r2":">= 0.9"}}"#)))
        #expect(outcome.status == .succeeded, "\(outcome.failures)")
        let metrics = try project.metrics(outcome.runID, "evaluate")
        #expect(metrics["r2"].map { abs($0 - (1 - 1 / 48.8)) < 1e-12 } == true)
        #expect(metrics["gate.r2"] == 1)
        let report = try project.digest(outcome.runID, "evaluate", "report")
        #expect(report.hasPrefix("sha256:"))
        #expect(try project.digest(outcome.runID, "evaluate", "metrics.json", role: .artifact) == report)
    }

    @Test func aFailedGateEndsTheRunAsGateFailedAndStillRecordsWhy() throws {
        let project = try GatesProject()
        let outcome = try project.run(try project.lineStages(slope: 2, intercept: 1, gate: ("sluice.gates/metrics", #"{"gates":{"r2":">= 0.99","mae":"<= 1"}}"#)))
        #expect(outcome.status == .gateFailed)
        let failure = try #require(outcome.failures.first)
        #expect(failure.kind == .gateFailed)
        #expect(failure.message.contains("r2 = 0.9795 is not >= 0.99"), "\(failure.message)")
        let metrics = try project.metrics(outcome.runID, "evaluate")
        #expect(metrics["gate.r2"] == 0)
        #expect(metrics["gate.mae"] == 1)
        let detail = try project.store.detail(outcome.runID)
        #expect(detail.stages.first(where: { $0.stage == "evaluate" })?.status == .gateFailed)
    }

    @Test func aChampionIsLoadedByTheDigestOfAnEarlierRunsModel() throws {
        let project = try GatesProject()
        // Run 1 trains the champion (2x: mae 1.2) and has no champion yet.
        let first = try project.run(try project.lineStages(slope: 2, intercept: 0, gate: ("sluice.gates/champion", #"{"champion":"sha256:0000","metric":"mae"}"#)))
        #expect(first.status == .succeeded, "\(first.failures)")
        let champion = try project.digest(first.runID, "train", "model")

        // A better candidate (2x + 1: mae 0.2) beats it, by full digest or a prefix.
        for reference in [champion, String(champion.prefix(7 + 12))] {
            let better = try project.run(try project.lineStages(slope: 2, intercept: 1, gate: ("sluice.gates/champion", #"{"champion":"\#(reference)","metric":"mae"}"#)))
            #expect(better.status == .succeeded, "\(better.failures)")
            #expect(try project.metrics(better.runID, "evaluate")["champion.mae"].map { abs($0 - 1.2) < 1e-12 } == true)
        }
        // A worse one (2x − 1: mae 2.2) fails the gate.
        let worse = try project.run(try project.lineStages(slope: 2, intercept: -1, gate: ("sluice.gates/champion", #"{"champion":"\#(champion)","metric":"mae"}"#)))
        #expect(worse.status == .gateFailed)
        #expect(worse.failures.first?.message.contains("the candidate's mae = 2.2 is worse by 1") == true, "\(worse.failures)")
    }

    @Test func fairnessAndInvarianceRunAsPipelineStages() throws {
        let project = try GatesProject()
        let stages = try project.lineStages(slope: 2, intercept: 1, gate: ("sluice.gates/fairness", #"{"sensitive":"group","gates":{"mae":"<= 0.5"}}"#))
            + [try project.stage("behaviour", "sluice.gates/invariance", #"{"column":"x","perturbation":{"add":0.5},"tolerance":1}"#,
                                 inputs: ["model": "train.model", "test": "load.data"])]
        let outcome = try project.run(stages)
        #expect(outcome.status == .succeeded, "\(outcome.failures)")
        // Group a holds rows 1, 3 and 5; only row 5 is off (by 1): rmse √(1/3).
        #expect(try project.metrics(outcome.runID, "evaluate")["rmse[a]"].map { abs($0 - (1.0 / 3).squareRoot()) < 1e-12 } == true)
        #expect(try project.metrics(outcome.runID, "behaviour")["invariance.max_change"] == 1)
    }
}
