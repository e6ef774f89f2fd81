import Foundation
import SluiceKit
import SluiceKitTesting
import SluiceTestSupport
import Testing

/// The harness against plugins as `swift build` leaves them (loaded with dlopen, as the
/// host loads them): the test plugin, and the built-in `sluice.transforms`, whose
/// fitted transform is loaded back through its own "sluice.transform/1".
@Suite struct BuiltPluginHarnessTests {
    static func testPlugin() throws -> PluginUnderTest { try PluginUnderTest(library: TestEnvironment.product("libSluiceTestPlugin.so")) }
    static func transforms() throws -> PluginUnderTest { try PluginUnderTest(library: TestEnvironment.product("libSluicePluginTransforms.so")) }

    @Test func theLibraryIsDescribedAsTheHostSeesIt() throws {
        let plugin = try Self.testPlugin()
        #expect(plugin.id == "sluice.testkit")
        #expect(plugin.version == "1.2.0")
        #expect(plugin.build == Plugin.buildFingerprint)
        #expect(plugin.stageIDs.contains("scale_table"))
    }

    @Test func aTableStageOfTheTestPluginScalesItsInput() throws {
        let input = try Table([Column("a", doubles: [1, nil, 3]), Column("b", strings: ["x", "y", nil])], metadata: [Table.targetKey: "a"])
        let run = try StageHarness(Self.testPlugin(), stage: "scale_table").run(config: #"{"column": "a", "factor": 2.5}"#, inputs: ["data": .table(input)])

        #expect(run.succeeded, "\(run.message)")
        let out = try run.table("out")
        #expect(out.columnNames == ["a", "b", "scaled"])
        #expect(out.target == "a")
        #expect((0..<3).map { out["scaled"]?.double(at: $0) } == [2.5, nil, 7.5])
        #expect(out["b"]?.strings() == ["x", "y", nil])
        #expect(run.metric("rows") == 3)
        #expect(run.metric("sum") == 10)
    }

    @Test func theTestPluginsFailuresComeBackWithTheirStatus() throws {
        let plugin = try Self.testPlugin()
        let gate = try StageHarness(plugin, stage: "fail").run(config: #"{"status": "gate_failed", "message": "r2 too low"}"#)
        #expect(gate.outcome == .runFailed(.gateFailed, "r2 too low"))

        let text = try StageHarness(plugin, stage: "scale_table").run(config: #"{"column": "b", "factor": 1}"#,
                                                                        inputs: ["data": .columns([Column("b", strings: ["x"])])])
        #expect(text.outcome == .runFailed(.invalidInput, "column 'b' is string; scale_table needs a number column"))

        let empty = try StageHarness(plugin, stage: "echo").run(config: #"{"message": ""}"#)
        #expect(empty.outcome == .createFailed(.invalidConfig, "'message' must not be empty"))
    }

    @Test func echoLogsRecordsMetricsAndPassesBytes() throws {
        let run = try StageHarness(Self.testPlugin(), stage: "echo").run(
            config: #"{"message": "hello", "metrics": {"b": 2, "a": 1}}"#, inputs: ["in": .text("before\n")])

        #expect(run.succeeded)
        #expect(try run.output("out").text == "before\nhello\n")
        #expect(run.logs == [LogRecord(level: .info, message: "hello")])
        #expect(run.metrics == [MetricRecord(name: "a", value: 1, step: nil), MetricRecord(name: "b", value: 2, step: nil)])
    }

    @Test func sleepStopsWhenCancelled() throws {
        let run = try StageHarness(Self.testPlugin(), stage: "sleep").run(config: #"{"seconds": 30}"#, cancellation: .afterChecks(2))

        #expect(run.status == .cancelled)
        #expect(run.cancellationChecks == 3)
        #expect(run.progress.count == 2)
    }

    @Test func aTrainersModelPredictsThroughThePluginsModelCapability() throws {
        let data = StageInput.columns([Column("x", doubles: [1, 2, 3]), Column("y", doubles: [2, 4, 9])])
        let run = try StageHarness(Self.testPlugin(), stage: "fit_mean").run(config: #"{"target": "y"}"#, inputs: ["data": data])
        #expect(run.succeeded, "\(run.message)")
        #expect(try run.output("model").mediaType == "application/vnd.sluice.test-regressor+json")

        let model = try run.model("model")
        #expect(try model.modelDescription().task == .regression)
        let predictions = try model.predict(try Table([Column("x", doubles: [10, 20])]))
        #expect(try predictions.column("prediction").doubles() == [5, 5])
    }

    @Test func standardizeFitsOnTrainAndItsFittedTransformAppliesTheSame() throws {
        let train = try Table([Column("x", doubles: [1, 2, 3]), Column("y", doubles: [0, 1, 0])], metadata: [Table.targetKey: "y"])
        let run = try StageHarness(Self.transforms(), stage: "standardize").run(inputs: ["train": .table(train)])

        #expect(run.succeeded, "\(run.message)")
        let std = (2.0 / 3).squareRoot()
        let scaled = try run.table("train").column("x").doubles()
        #expect(zip(scaled, [-1 / std, 0, 1 / std]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(scaled)")
        #expect(try run.table("train").column("y").doubles() == [0, 1, 0], "the target is left alone")
        #expect(try run.table("test").rowCount == 0, "no test input: an empty test table")
        #expect(try run.output("scaler").mediaType == "application/vnd.sluice.standardize+json")
        #expect(try run.artifact("scaler.json").bytes == run.output("scaler").bytes)

        let scaler = try run.transform("scaler")
        #expect(try scaler.transformDescription().inputs.map(\.name) == ["x"])
        let applied = try scaler.apply(try Table([Column("x", doubles: [2, 4]), Column("other", strings: ["p", "q"])]))
        let values = try applied.column("x").doubles()
        #expect(abs(values[0]) < 1e-12 && abs(values[1] - 2 / std) < 1e-12, "\(values)")
        #expect(applied["other"]?.strings() == ["p", "q"], "other columns pass through")

        #expect(throws: StageError.self) { try scaler.apply(try Table([Column("z", doubles: [1])])) }
        do {
            _ = try scaler.apply(try Table([Column("z", doubles: [1])]))
        } catch let error as StageError {
            #expect(error.status == .invalidInput)
            #expect(error.message.contains("'x'"), "\(error.message)")
        }
    }

    @Test func standardizeFailuresAreTheHostsFailures() throws {
        let stage = try StageHarness(Self.transforms(), stage: "standardize")

        #expect(try stage.run().outcome == .missingInputs(["train"]))
        let text = try stage.run(config: #"{"columns": ["name"]}"#, inputs: ["train": .columns([Column("name", strings: ["a", "b"])])])
        #expect(text.status == .invalidInput)
        #expect(text.message.contains("cannot be standardized"), "\(text.message)")
        let wrongType = try stage.run(config: #"{"columns": "x"}"#, inputs: ["train": .columns([Column("x", doubles: [1])])])
        #expect(wrongType.status == .invalidConfig, "a config that does not decode fails create: \(wrongType.message)")
    }

    @Test func capabilitiesThePluginLacksAreErrors() throws {
        let transforms = try Self.transforms()
        #expect(throws: HarnessError.self) { try ModelUnderTest(transforms, artifact: [1, 2]) }
        #expect(throws: HarnessError.self) { try TransformUnderTest(transforms, artifact: Array("{}".utf8), mediaType: "application/json") }
        #expect(throws: HarnessError.self) { try TransformUnderTest(transforms, artifact: Array("not a scaler".utf8)) }
        #expect(throws: HarnessError.self) { try PluginUnderTest(library: "/nonexistent/libNothing.so") }
    }
}
