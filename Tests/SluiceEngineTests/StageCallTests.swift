import Foundation
@testable import SluiceEngine
@testable import SluicePlugins
@testable import SluiceStore
@testable import SluiceSupport
import SluiceTestSupport
import Synchronization
import Testing

/// Stages called through the C protocol: what they return, what they log, and how
/// their failures come back.
@Suite struct StageCallTests {
    /// Collects the events a stage reports through the host table.
    final class Recorder: Sendable {
        private let store = Mutex<[StageEvent]>([])
        var events: [StageEvent] { store.withLock { $0 } }
        func record(_ event: StageEvent) { store.withLock { $0.append(event) } }
    }

    private func load(_ reference: String) throws -> (PluginInfo, StageInfo) {
        let folder = TestEnvironment.productsDirectory
        let catalog = PluginCatalog.discover(PluginSearchPath([]), files: [
            (folder + "/libSluicePluginHelloC.so", "test"), (folder + "/libSluiceTestPlugin.so", "test"),
        ])
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        return try catalog.stage(reference)
    }

    private func context(_ recorder: Recorder, cancellation: CancellationToken = CancellationToken()) -> StageContext {
        StageContext(runID: "run-1", stageName: "step", workDirectory: "/tmp", events: { recorder.record($0) }, cancellation: cancellation)
    }

    @Test func aSwiftStageReturnsItsOutputsAndReportsThroughTheHost() throws {
        let (plugin, stage) = try load("sluice.testkit/echo")
        let recorder = Recorder()
        let live = try LiveStage(plugin: plugin, stage: stage, config: .object([
            "message": .string("hello"), "metrics": .object(["accuracy": .number(0.9), "loss": .integer(2)]),
        ]), context: context(recorder))

        let outputs = try live.run(inputs: ["in": .bytes(.from("before\n"), mediaType: "text/plain")])

        #expect(outputs["out"].map { String(decoding: $0.bytes!.data, as: UTF8.self) } == "before\nhello\n")
        #expect(outputs["out"]?.mediaType == "text/plain; charset=utf-8")
        #expect(recorder.events == [
            .log(.info, "hello"),
            .metric(name: "accuracy", value: 0.9, step: nil),
            .metric(name: "loss", value: 2, step: nil),
        ])
    }

    @Test func aCStageReadsItsConfigThroughTheJSONExtensionAndItsInputPort() throws {
        let (plugin, stage) = try load("sluice.hello-c/greet")
        let recorder = Recorder()
        let live = try LiveStage(plugin: plugin, stage: stage, config: .object(["greeting": .string("Hi")]), context: context(recorder))
        // The schema's default for `repeat` is filled in before the plugin sees the config.
        #expect(live.config == .object(["greeting": .string("Hi"), "repeat": .integer(1)]))

        let outputs = try live.run(inputs: ["names": .bytes(.from("Ada\nGrace\r\n\n"), mediaType: "text/plain")])

        #expect(outputs["text"].map { String(decoding: $0.bytes!.data, as: UTF8.self) } == "Hi, Ada!\nHi, Grace!\n")
        #expect(recorder.events.contains(.log(.info, "greeted 2 name(s)")))
        #expect(recorder.events.contains(.metric(name: "greetings", value: 2, step: nil)))
        #expect(recorder.events.last == .progress(fraction: 1, message: "done"))
    }

    @Test func artifactsWrittenByAStageCanBeReadBackByNameAndDigest() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try compileFixture("libfixture.so", in: folder)
        let catalog = PluginCatalog.discover(PluginSearchPath([]), files: [(file, "test")])
        let (plugin, stage) = try catalog.stage("fixture.plugin/work")
        let store = MemoryArtifactStore()
        let live = try LiveStage(plugin: plugin, stage: stage, config: .object([:]), context: StageContext(
            runID: "r", stageName: "s", workDirectory: "/tmp", artifacts: store
        ))
        let outputs = try live.run(inputs: [:])
        let digest = "sha256:8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"  // sha256("hi")
        #expect(outputs["out"].map { String(decoding: $0.bytes!.data, as: UTF8.self) } == digest)
        #expect(live.artifacts == ["note": digest])
        #expect(store.digests == [digest])
    }

    @Test func aConfigThatBreaksTheSchemaIsRefusedBeforeThePluginSeesIt() throws {
        let (plugin, stage) = try load("sluice.hello-c/greet")
        #expect {
            try LiveStage(plugin: plugin, stage: stage, config: .object(["nme": .string("Ada"), "repeat": .integer(0)]), context: context(Recorder()))
        } throws: { error in
            let error = error as! SluiceError
            return error.code == .stageInvalidConfig && error.location == "step"
                && error.message.contains("/nme: unknown field 'nme'; did you mean 'name'?")
                && error.message.contains("/repeat: 0 is less than the minimum 1")
        }
    }

    @Test func aSwiftErrorInCreateBecomesAnInvalidConfigStatus() throws {
        let (plugin, stage) = try load("sluice.testkit/echo")
        #expect {
            try LiveStage(plugin: plugin, stage: stage, config: .object(["message": .string("")]), context: context(Recorder()))
        } throws: { error in
            let error = error as! SluiceError
            return error.code == .stageInvalidConfig && error.kind == .config
                && error.message == "sluice.testkit/echo failed in create: 'message' must not be empty"
        }
    }

    @Test func aFailingGateComesBackWithItsStatusAndMessage() throws {
        let (plugin, stage) = try load("sluice.testkit/fail")
        let live = try LiveStage(plugin: plugin, stage: stage, config: .object([
            "status": .string("gate_failed"), "message": .string("accuracy 0.61 < 0.8"),
        ]), context: context(Recorder()))
        #expect {
            try live.run(inputs: [:])
        } throws: { error in
            let error = error as! SluiceError
            return error.code.id == "stage.gate-failed" && error.kind == .gateFailed
                && error.message == "sluice.testkit/fail failed in run: accuracy 0.61 < 0.8"
        }
    }

    @Test func aCStageErrorPathReportsItsMessage() throws {
        let (plugin, stage) = try load("sluice.hello-c/greet")
        let live = try LiveStage(plugin: plugin, stage: stage, config: .object([:]), context: context(Recorder()))
        #expect {
            try live.run(inputs: [:])
        } throws: { error in
            let error = error as! SluiceError
            return error.code == .stageInvalidConfig && error.message.contains("nothing to greet")
        }
    }

    @Test func aCancelledRunStopsTheStage() throws {
        let (plugin, stage) = try load("sluice.testkit/sleep")
        let token = CancellationToken()
        let live = try LiveStage(plugin: plugin, stage: stage, config: .object(["seconds": .integer(30)]), context: context(Recorder(), cancellation: token))
        let started = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { token.cancel() }
        #expect {
            try live.run(inputs: [:])
        } throws: { error in
            (error as! SluiceError).code == .stageCancelled && (error as! SluiceError).kind == .cancelled
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func anOptionalInputMayBeLeftUnconnected() throws {
        let (plugin, stage) = try load("sluice.testkit/echo")
        let live = try LiveStage(plugin: plugin, stage: stage, config: .object(["message": .string("x")]), context: context(Recorder()))
        let outputs = try live.run(inputs: [:])
        #expect(outputs["out"].map { String(decoding: $0.bytes!.data, as: UTF8.self) } == "x\n")
    }
}
