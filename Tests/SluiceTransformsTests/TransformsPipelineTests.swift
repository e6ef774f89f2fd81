import Foundation
@testable import SluiceJSON
import SluiceTestSupport
import Testing

/// The plugin as a pipeline uses it: loaded from its .so, stages run by the executor,
/// tables stored as Arrow IPC objects, reports and artifacts recorded.
@Suite struct TransformsPipelineTests {
    @Test func thePluginDeclaresItsStagesKindsAndPorts() throws {
        let plugin = try #require(Transforms.catalog.plugins.first { $0.id == "sluice.transforms" })
        #expect(plugin.stages.map(\.id) == ["split", "standardize", "one_hot", "impute", "select", "filter"])
        #expect(plugin.stages.allSatisfy { $0.kind == .transformer })
        let standardize = try #require(plugin.stages.first { $0.id == "standardize" })
        #expect(standardize.inputs.map { "\($0.name):\($0.kind.name)\($0.optional ? "?" : "")" } == ["train:table", "test:table?"])
        #expect(standardize.outputs.map { "\($0.name):\($0.kind.name)" } == ["train:table", "test:table", "scaler:report"])
        let split = try #require(plugin.stages.first { $0.id == "split" })
        #expect(split.outputs.map(\.name) == ["train", "test"])
    }

    @Test func aPipelineSplitsImputesEncodesAndScalesTheTableOfEveryType() throws {
        let project = try TransformsProject()
        let stages = [
            try project.stage("load", "sluice.testkit/make_table", #"{"rows": 20}"#),
            try project.stage("keep", "sluice.transforms/filter", #"{"where": [{"column": "i", "op": "not_null"}]}"#, inputs: ["data": "load.data"]),
            try project.stage("split", "sluice.transforms/split", #"{"seed": 5, "stratify": "flag"}"#, inputs: ["data": "keep.data"]),
            try project.stage("impute", "sluice.transforms/impute", #"{"strategy": "most_frequent", "columns": ["colour"]}"#,
                              inputs: ["train": "split.train", "test": "split.test"]),
            try project.stage("encode", "sluice.transforms/one_hot", "{}", inputs: ["train": "impute.train", "test": "impute.test"]),
            try project.stage("scale", "sluice.transforms/standardize", #"{"columns": ["f", "n", "i"]}"#, inputs: ["train": "encode.train", "test": "encode.test"]),
            try project.stage("features", "sluice.transforms/select", #"{"drop": ["flag"], "rename": {"x": "target"}}"#, inputs: ["data": "scale.train"]),
        ]
        let outcome = try project.run(stages)
        #expect(outcome.status == .succeeded, "\(outcome.failures)")

        // make_table: i is null in row 2 only; the filter drops it.
        #expect(try project.table(outcome.runID, "keep", "data").rowCount == 19)
        let train = try project.table(outcome.runID, "scale", "train")
        let test = try project.table(outcome.runID, "scale", "test")
        #expect(train.rowCount + test.rowCount == 19)
        #expect(test.rowCount == 4)  // flag: 9 true → 2 test, 10 false → 2 test
        #expect(train.schema.metadata["sluice.target"] == "x")
        #expect(train.columnNames.contains("colour=red") && train.columnNames.contains("colour=green"))
        #expect(!train.columnNames.contains("colour") && !train.columnNames.contains("name"))
        #expect(train.doubles("colour=red")!.indices.allSatisfy { row in
            train.doubles("colour=red")![row]! + train.doubles("colour=green")![row]! == 1  // no null left after impute
        })
        // Standardized on train: mean 0 and population std 1.
        let f = train.doubles("f")!.compactMap { $0 }
        let mean = f.reduce(0, +) / Double(f.count)
        let std = (f.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(f.count)).squareRoot()
        #expect(abs(mean) < 1e-12 && abs(std - 1) < 1e-12)

        let features = try project.table(outcome.runID, "features", "data")
        #expect(features.schema.metadata["sluice.target"] == "target")
        #expect(features.columnNames.first == "target")

        // The scaler is both an output (report) and a named artifact, with the same bytes.
        guard case .bytes(let report, let mediaType) = try project.output(outcome.runID, "scale", "scaler"),
              case .bytes(let artifact, _) = try project.output(outcome.runID, "scale", "scaler.json", role: .artifact) else {
            Issue.record("the scaler is not stored as bytes")
            return
        }
        #expect(mediaType == "application/vnd.sluice.standardize+json")
        #expect(report.data == artifact.data)
        let scaler = try JSONValue.parse(report.data)
        #expect(scaler.value(at: "/version") == .integer(1))
        #expect(scaler.value(at: "/columns/n/std") != nil)

        let metrics = try project.store.detail(outcome.runID).latestMetrics
        #expect(metrics.contains { $0.stage == "split" && $0.name == "test_rows" && $0.value == 4 })
        #expect(metrics.contains { $0.stage == "keep" && $0.name == "rows_dropped" && $0.value == 1 })

        // Nothing changed: every stage is reused.
        let again = try project.run(stages)
        #expect(again.stages.allSatisfy { $0.result.status == .cached })
    }

    @Test func aBadColumnFailsTheStageWithTheMessageNotTheHost() throws {
        let project = try TransformsProject()
        let outcome = try project.run([
            try project.stage("load", "sluice.testkit/make_table"),
            try project.stage("scale", "sluice.transforms/standardize", #"{"columns": ["colour"]}"#, inputs: ["train": "load.data"]),
        ])
        #expect(outcome.status == .failed)
        #expect(outcome.failures.first?.message.contains("column 'colour' (categorical) cannot be standardized") == true)
    }
}
