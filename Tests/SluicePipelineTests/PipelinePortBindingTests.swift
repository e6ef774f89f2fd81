@testable import SluicePipeline
import SluicePipelineTestSupport
import SluiceTestSupport
import Testing

/// How `needs` connects upstream outputs to a stage's input ports. The testkit stages:
/// echo (in: blob, optional → out: blob), split (in: blob, optional → train, test: blob),
/// fit (data: blob → model: model), score (model: model, data: blob → report: report),
/// fail (no ports).
@Suite struct PipelinePortBindingTests {
    private func stage(_ name: String, in stages: String) throws -> PipelineStage? {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        return try workspace.load("version: 1\nstages:\n" + stages).stage(name)
    }

    static let upstream = """
          load: {uses: sluice.testkit/echo, with: {message: hi}}
          split: {uses: sluice.testkit/split, needs: [load]}
          train: {uses: sluice.testkit/fit, needs: [split.train]}
          gate: {uses: sluice.testkit/fail}

        """

    @Test func aStageWithOneFittingOutputBindsIt() throws {
        let split = try stage("split", in: Self.upstream)
        #expect(split?.inputs == ["in": PortReference(stage: "load", port: "out")])
    }

    @Test func anExplicitPortBindsTheInputOfTheSameName() throws {
        let score = try stage("score", in: Self.upstream + "  score: {uses: sluice.testkit/score, needs: [train.model, split.test]}\n")
        #expect(score?.inputs["model"] == PortReference(stage: "train", port: "model"))
    }

    @Test func anExplicitPortWithoutASameNamedInputBindsTheFirstFreeInputOfItsKind() throws {
        let train = try stage("train", in: Self.upstream)
        #expect(train?.inputs == ["data": PortReference(stage: "split", port: "train")])
    }

    @Test func aStageNameBindsByKind() throws {
        let score = try stage("score", in: Self.upstream + "  score: {uses: sluice.testkit/score, needs: [train, split.test]}\n")
        #expect(score?.inputs == [
            "model": PortReference(stage: "train", port: "model"),
            "data": PortReference(stage: "split", port: "test"),
        ])
    }

    @Test func theMapFormBindsExactlyTheNamedInputs() throws {
        let score = try stage("score", in: Self.upstream + "  score: {uses: sluice.testkit/score, needs: {data: split.test, model: train.model}}\n")
        #expect(score?.inputs == [
            "model": PortReference(stage: "train", port: "model"),
            "data": PortReference(stage: "split", port: "test"),
        ])
        #expect(score?.dependencies == ["split", "train"])
    }

    @Test func theMapFormWithAStageNamePicksItsOutputOfTheInputsKind() throws {
        let score = try stage("score", in: Self.upstream + "  score: {uses: sluice.testkit/score, needs: {data: load, model: train}}\n")
        #expect(score?.inputs == [
            "model": PortReference(stage: "train", port: "model"),
            "data": PortReference(stage: "load", port: "out"),
        ])
    }

    @Test func aStageWithoutFittingOutputsIsAnOrderingDependencyOnly() throws {
        let train = try stage("train", in: Self.upstream.replacingOccurrences(of: "needs: [split.train]", with: "needs: [gate, split.train]"))
        #expect(train?.dependencies == ["gate", "split"])
        #expect(train?.inputs == ["data": PortReference(stage: "split", port: "train")])
    }

    @Test func aStageWhoseOutputsFitOnlyBoundInputsIsAnOrderingDependencyOnly() throws {
        let score = try stage("score", in: Self.upstream + "  score: {uses: sluice.testkit/score, needs: [train, split.test, load]}\n")
        #expect(score?.inputs["data"] == PortReference(stage: "split", port: "test"))
        #expect(score?.dependencies == ["train", "split", "load"])
    }

    @Test func anOptionalInputMayStayUnbound() throws {
        let load = try stage("load", in: Self.upstream)
        #expect(load?.inputs == [:])
    }

    @Test func aRequiredInputLeftUnboundNamesWhatCouldFeedIt() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let problems = workspace.problems("version: 1\nstages:\n" + Self.upstream + "  score: {uses: sluice.testkit/score, needs: [train]}\n")
        #expect(problems.map(\.code) == ["config.unbound-input"])
        #expect(problems.first?.message == "input 'data' (blob) is not connected. Add one of these to `needs`: load.out, split.train, split.test")
        #expect(problems.first?.location?.line == 7)
    }
}
