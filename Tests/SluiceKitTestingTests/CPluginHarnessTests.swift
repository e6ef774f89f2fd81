import SluiceKit
import SluiceKitTesting
import SluiceTestSupport
import Testing

/// The harness against a plugin written in C (`Plugins/HelloC`), which reads its config
/// through the fake host's "sluice.json/1": the protocol, not SluiceKit, is what is tested.
@Suite struct CPluginHarnessTests {
    static func helloC() throws -> StageHarness {
        try StageHarness(PluginUnderTest(library: TestEnvironment.product("libSluicePluginHelloC.so")), stage: "greet")
    }

    @Test func theConfigIsReadThroughTheJSONExtension() throws {
        let run = try Self.helloC().run(config: #"{"name": "Ada", "repeat": 2}"#)

        #expect(run.succeeded, "\(run.message)")
        #expect(run.plugin.build == "c")
        #expect(try run.output("text").text.hasPrefix("Hello, Ada"))
        #expect(try run.output("text").text.components(separatedBy: "Ada").count == 3, "repeat 2")
        #expect(run.logs == [LogRecord(level: .info, message: "greeted 1 name(s)")])
        #expect(run.metrics == [MetricRecord(name: "greetings", value: 1)])
        #expect(run.progress.last == ProgressRecord(fraction: 1, message: "done"))
    }

    @Test func namesOnTheInputAreGreetedUntilCancelled() throws {
        let names = StageInput.text("Ada\nGrace\nEdsger\n")
        let all = try Self.helloC().run(config: #"{"greeting": "Hi"}"#, inputs: ["names": names])
        #expect(try all.output("text").text.components(separatedBy: "Hi, ").count == 4)
        #expect(all.metric("greetings") == 3)

        let cancelled = try Self.helloC().run(inputs: ["names": names], cancellation: .afterChecks(1))
        #expect(cancelled.outcome == .runFailed(.cancelled, "cancelled"))
        #expect(cancelled.cancellationChecks == 2)
    }

    @Test func nothingToGreetIsAConfigError() throws {
        let run = try Self.helloC().run()

        #expect(run.status == .invalidConfig)
        #expect(run.message.hasPrefix("nothing to greet"))
        #expect(run.bytes.isEmpty)
    }
}
