import Foundation
@testable import SluiceEngine
@testable import SluicePipeline
@testable import SluiceStore
import SluicePipelineTestSupport
import SluiceTestSupport
import Testing

/// The testkit stages that pipeline and executor tests rely on, run from a loaded
/// pipeline exactly as its config and port bindings say.
@Suite struct PipelineTestStagesTests {
    private func context(_ stage: String) -> StageContext {
        StageContext(runID: "run-1", stageName: stage, workDirectory: "/tmp")
    }

    @Test func flakyFailsItsPlannedAttemptsThenSucceeds() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let pipeline = try workspace.load("""
            version: 1
            stages:
              flaky: {uses: sluice.testkit/flaky, retries: 2, with: {marker: "${env.MARKER}", failures: 2}}
            """, environment: ["MARKER": workspace.folder.file("attempts")])
        let stage = try #require(pipeline.stage("flaky"))

        var outcomes: [String] = []
        for _ in 0...stage.retries {
            // A fresh instance per attempt, as a retry would create.
            let live = try LiveStage(plugin: stage.plugin, stage: stage.info, config: stage.config, context: context(stage.name))
            do {
                let outputs = try live.run(inputs: [:])
                outcomes.append(String(decoding: outputs["out"]?.bytes!.data ?? Data(), as: UTF8.self))
            } catch {
                outcomes.append(error.code.id)
            }
        }
        #expect(outcomes == ["stage.failed", "stage.failed", "succeeded on attempt 3\n"])
        #expect(try String(contentsOfFile: workspace.folder.file("attempts"), encoding: .utf8) == "3")
    }

    @Test func dataFlowsAlongTheBoundPorts() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let pipeline = try workspace.load("""
            version: 1
            stages:
              load: {uses: sluice.hello-c/greet, with: {name: Ada, repeat: 4}}
              split: {uses: sluice.testkit/split, needs: [load]}
              train: {uses: sluice.testkit/fit, needs: [split.train]}
              evaluate: {uses: sluice.testkit/score, needs: [train, split.test]}
            """)
        // A minimal executor: stages in file order, each input taken from the output it is bound to.
        var outputs: [PortReference: PortValue] = [:]
        for stage in pipeline.stages {
            let inputs = stage.inputs.compactMapValues { outputs[$0] }
            #expect(inputs.count == stage.inputs.count)
            let live = try LiveStage(plugin: stage.plugin, stage: stage.info, config: stage.config, context: context(stage.name))
            for (port, value) in try live.run(inputs: inputs) {
                outputs[PortReference(stage: stage.name, port: port)] = value
            }
        }
        let report = outputs[PortReference(stage: "evaluate", port: "report")].map { String(decoding: $0.bytes!.data, as: UTF8.self) }
        #expect(report == #"{"model":"lines=2","lines":2}"#)
    }
}
