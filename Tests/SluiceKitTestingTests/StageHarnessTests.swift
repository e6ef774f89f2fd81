import Foundation
import SluiceKit
import SluiceKitTesting
import Testing

/// The harness with stages of a Plugin value: what a stage says to the host, writes,
/// and how it fails, captured in memory.
@Suite struct StageHarnessTests {
    private let input: [String: StageInput] = ["data": .columns([Column("x", doubles: [1, 2, 3]), Column("id", strings: ["a", "b", "c"])])]

    @Test func aRunCapturesOutputsLogsMetricsParamsProgressAndArtifacts() throws {
        let run = try StageHarness(harnessPlugin, stage: "report").run(config: #"{"label": "demo"}"#, inputs: input)

        #expect(run.outcome == .succeeded)
        let data = try run.table("data")
        #expect(data.columnNames == ["x", "id"])
        #expect(try data.column("x").doubles() == [2, 4, 6], "the schema's default factor 2 reached the stage")
        #expect(try data.column("id").strings() == ["a", "b", "c"])
        let report = try run.output("report")
        #expect(report.mediaType == "application/json")
        #expect(try report.json() == .object([("label", .string("demo")), ("rows", .integer(3))]))
        #expect(run.logs == [LogRecord(level: .debug, message: "created with factor 2.0")])
        #expect(run.metric("sum") == 6)
        #expect(run.metrics.filter { $0.name == "x" }.map(\.step) == [0, 1, 2])
        #expect(run.metrics.last?.step == nil)
        #expect(run.params == [ParamRecord(name: "factor", json: "2.0")])
        #expect(run.progress == [ProgressRecord(fraction: 0.5, message: "half way"), ProgressRecord(fraction: nil, message: nil)])
        let artifact = try run.artifact("summary.txt")
        #expect(artifact.text == "demo: 3 rows")
        #expect(artifact.mediaType == "text/plain")
    }

    @Test func anOptionalInputReachesTheStageWhenGiven() throws {
        var inputs = input
        inputs["notes"] = .text("careful")
        let run = try StageHarness(harnessPlugin, stage: "report").run(config: #"{"label": "x", "factor": 10}"#, inputs: inputs)

        #expect(run.succeeded)
        #expect(run.logs.last == LogRecord(level: .warning, message: "careful"))
        #expect(try run.table("data").column("x").doubles() == [10, 20, 30])
    }

    @Test func aConfigThatDoesNotDecodeFailsCreateAsInTheHost() throws {
        let run = try StageHarness(harnessPlugin, stage: "report").run(config: #"{"factor": 3}"#, inputs: input)

        #expect(run.outcome == .createFailed(.invalidConfig, "missing required field 'label' in `with`"))
        #expect(run.tables.isEmpty && run.logs.isEmpty)
    }

    @Test func aMissingRequiredInputIsReportedWithoutRunning() throws {
        let run = try StageHarness(harnessPlugin, stage: "report").run(config: #"{"label": "x"}"#)

        #expect(run.outcome == .missingInputs(["data"]))
        #expect(!run.succeeded)
        #expect(run.metrics.isEmpty, "run was not called")
        #expect(run.logs.count == 1, "create was")
    }

    @Test func readingAnOptionalInputThatIsNotConnectedFailsWithNotFound() throws {
        let run = try StageHarness(harnessPlugin, stage: "probe").run(config: #"{"careless": true}"#)

        #expect(run.status == .notFound)
        #expect(run.message.contains("input 'maybe' is not connected"), "\(run.message)")
    }

    @Test func aStageThatSucceedsWithoutARequiredOutputIsCaught() throws {
        let run = try StageHarness(harnessPlugin, stage: "forget").run()

        #expect(run.outcome == .missingOutputs(["forgotten"]))
        #expect(run.status == .ok)
        #expect(try run.output("written").text == "here")
        #expect(throws: HarnessError("no bytes on output 'forgotten'; the stage wrote: written (the stage did not succeed: returned success without writing its output(s) forgotten. This is a bug in the plugin)")) {
            try run.output("forgotten")
        }
    }

    @Test(arguments: [(Cancellation.never, true, 5), (.immediately, false, 1), (.afterChecks(3), false, 4)])
    func cancellationIsAnsweredAsScheduled(cancellation: Cancellation, succeeds: Bool, checks: Int) throws {
        let run = try StageHarness(harnessPlugin, stage: "count").run(config: #"{"limit": 5}"#, cancellation: cancellation)

        #expect(run.succeeded == succeeds)
        #expect(run.cancellationChecks == checks)
        if !succeeds {
            #expect(run.outcome == .runFailed(.cancelled, "the run was cancelled"))
            #expect(run.progress.count == checks - 1)
        }
    }

    @Test func seededArtifactsAreReadByNameOrDigest() throws {
        let seeded = ArtifactRecord(name: "prior.bin", bytes: [1, 2, 3])
        let stage = try StageHarness(harnessPlugin, stage: "remember")

        for reference in ["prior.bin", seeded.digest] {
            let run = try stage.run(config: .object(["reference": .string(reference)]), artifacts: [seeded])
            #expect(try run.output("remembered").bytes == [1, 2, 3])
        }
        let missing = try stage.run(config: #"{"reference": "nothing"}"#, artifacts: [seeded])
        #expect(missing.status == .notFound)
        #expect(missing.message.contains("no artifact 'nothing'"), "\(missing.message)")
    }

    @Test func theFakeHostOffersJSONOnlyAndAFreshCall() throws {
        let run = try StageHarness(harnessPlugin, stage: "probe").run()

        let facts = try run.output("facts").json()
        #expect(facts["sluice.json/1"] == .bool(true))
        #expect(facts["sluice.arrow-ipc/1"] == .bool(false))
        #expect(facts["sluice.models/1"] == .bool(false))
        #expect(facts["sluice.registry/1"] == .bool(false))
        #expect(facts["load_model"] == .string("unsupported"))
        #expect(facts["run"] == .string("test-run"))
        #expect(facts["stage"] == .string("probe"))
        #expect(facts["work_dir_exists"] == .bool(true))
    }

    @Test func digestsAreSHA256() {
        #expect(ArtifactRecord(name: "a", bytes: Array("abc".utf8)).digest == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ArtifactRecord(name: "e", bytes: []).digest == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = Array(String(repeating: "a", count: 1000).utf8)
        #expect(ArtifactRecord(name: "l", bytes: long).digest == "sha256:41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func misusesAreErrorsThatSayWhatToFix() throws {
        #expect(throws: HarnessError("plugin sluice.kit-testing.tests has no stage 'nope'; it has: report, forget, count, remember, probe")) {
            try StageHarness(harnessPlugin, stage: "nope")
        }
        let report = try StageHarness(harnessPlugin, stage: "report")
        #expect(throws: HarnessError("stage 'report' declares no input 'extra'; it declares: data, notes")) {
            try report.run(inputs: ["extra": .text("x")])
        }
        #expect(throws: HarnessError("input 'data' of stage 'report' is a table port: give it .table or .columns")) {
            try report.run(inputs: ["data": .text("x")])
        }
        #expect(throws: HarnessError.self) {
            try report.run(inputs: ["data": .columns([Column("x", doubles: [1]), Column("y", doubles: [1, 2])])])
        }
        #expect(throws: HarnessError.self) { try report.run(config: "{not json") }
    }
}
