import Foundation
import SluiceMonitoring
import SluiceStore
import SluiceSupport
import Testing

/// What `on_drift: retrain` runs: this pipeline's training stages, or another pipeline
/// file whole; and that it waits while an earlier candidate awaits approval.
@Suite struct RetrainTests {
    @Test func withoutAFileTheTargetIsThisPipelinesTrainingStagesWithTheMonitorsOverrides() throws {
        let project = try MonitorProject()
        try project.writeCombined(params: "{seed: 1}")
        let target = try RetrainTarget(nil, of: try project.context("both.yaml", overrides: ["seed=2"]))
        #expect(target.pipeline.name == "houses")
        #expect(target.stages == ["load", "train", "release"])
        #expect(target.location.relativePath == "both.yaml")
        #expect(target.overrides == ["seed=2"])
    }

    @Test func withAFileTheTargetIsAllOfThatFileWithoutTheMonitorsOverrides() throws {
        let project = try MonitorProject()
        try project.folder.write("monitor.yaml", MonitorProject.pipeline("houses-monitor", MonitorProject.monitoringStages(project.folder),
                                                                        monitor: "{on_drift: [{retrain: sluice.yaml}]}", params: "{seed: 1}"))
        let target = try RetrainTarget("sluice.yaml", of: try project.context(overrides: ["seed=2"]))
        #expect(target.pipeline.name == "houses")
        #expect(target.stages.isEmpty, "every stage")
        #expect(target.location.file == project.folder.file("sluice.yaml"), "relative to the monitoring pipeline")
        #expect(target.overrides.isEmpty, "the monitor's params are not the training pipeline's")
    }

    @Test func aPipelineThatOnlyMonitorsHasNothingToRetrain() throws {
        let project = try MonitorProject()
        let context = try project.context()
        let error = #expect(throws: SluiceError.self) { try RetrainTarget(nil, of: context) }
        #expect(error?.code == .monitorNoTraining)
        #expect(error?.location == context.location.file)
        #expect(error?.message.contains("{retrain: train.yaml}") == true, "it says how to name a training pipeline")
    }

    @Test func retrainingThisPipelineRunsOnlyItsTrainingStages() throws {
        let project = try MonitorProject()
        try project.writeCombined(onDrift: "retrain")
        try project.run("both.yaml", stages: ["release"])
        try project.writeCurrent(MonitorProject.shiftedXs)
        let host = project.host()
        let result = try project.check("both.yaml", host: host)
        let retrain = try #require(result.actions.first)
        #expect(retrain.ok, "\(retrain)")
        let run = try #require(retrain.run)
        #expect(retrain.detail == "training run \(run) ended succeeded")
        #expect(try project.store.detail(run).stages.map(\.stage) == ["load", "train", "release"], "monitoring stages are not retraining")
        #expect(host.heard.contains(.ran(.retrain, file: "both.yaml", stages: ["load", "train", "release"], overrides: [])))
    }

    @Test func aRetrainFileThatDoesNotLoadFailsTheActionAndTheNextStillRuns() throws {
        let project = try MonitorProject(onDrift: "[{retrain: missing.yaml}, alert]", current: MonitorProject.shiftedXs)
        try project.run()
        let result = try project.check()
        let retrain = try #require(result.actions.first)
        #expect(!retrain.ok)
        #expect(retrain.detail.contains("missing.yaml"), "\(retrain.detail)")
        #expect(retrain.run == nil)
        #expect(result.actions.last?.action == .alert && result.actions.last?.ok == true)
    }

    @Test func whileACandidateAwaitsApprovalTheNextRetrainIsSkippedAndNamesIt() throws {
        let project = try MonitorProject(onDrift: "[{retrain: sluice.yaml}]", current: MonitorProject.shiftedXs)
        try project.run()
        // From now on a candidate must be approved before it replaces production.
        try project.folder.write("sluice.yaml", MonitorProject.pipeline("houses", MonitorProject.trainingStages(project.folder, approval: true)))
        let host = project.host()

        let first = try #require(try project.check(host: host).actions.first)
        #expect(first.ok, "waiting for approval is how a gated retrain succeeds: \(first)")
        let candidate = try #require(first.run)
        #expect(first.detail == "training run \(candidate) ended awaiting-approval")

        let second = try #require(try project.check(host: host).actions.first)
        #expect(second.ok)
        #expect(second.run == candidate)
        #expect(second.detail.hasPrefix("skipped: run \(candidate) of 'houses' is still waiting for approval at stage 'release'"), "\(second.detail)")
        #expect(host.heard.filter { $0.step == "ran retrain sluice.yaml" }.count == 1, "one candidate, not one per check")
    }
}
