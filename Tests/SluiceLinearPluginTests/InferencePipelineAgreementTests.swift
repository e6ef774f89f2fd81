import Foundation
@testable import SluiceArrow
@testable import SluiceEngine
@testable import SluiceJSON
import SluiceLinear
import SluiceStore
import SluiceSupport
import SluiceTestSupport
import Testing

/// What is trained is what is served: the model a pipeline trains after fitted
/// transforms predicts from RAW rows (as production sends them, through the same
/// `ModelLoader` path as `sluice predict` and `sluice serve`) what scikit-learn's
/// Pipeline fitted on the same raw train rows predicts. Fails, not skips, without
/// scikit-learn.
@Suite(.serialized) struct InferencePipelineAgreementTests {
    /// scikit-learn's Pipeline fitted on `train`, predicting `test` (both raw).
    static func sklearn(_ kind: String, project: LinearProject, train: ArrowTable, test: ArrowTable, target: String,
                        numeric: [String], categorical: [String], params: String) throws -> JSONValue {
        let trainFile = project.folder.file("raw-train.arrow"), testFile = project.folder.file("raw-test.arrow")
        try ArrowIPCFileWriter.write(train, to: trainFile)
        try ArrowIPCFileWriter.write(test, to: testFile)
        let script = TestEnvironment.packageRoot + "/Tests/SluiceLinearPluginTests/Fixtures/sklearn_pipeline.py"
        let result = try runProcess(try Python.interpreter(), [script, kind, trainFile, testFile, target, numeric.joined(separator: ","),
                                                                categorical.isEmpty ? "-" : categorical.joined(separator: ","), params])
        guard result.status == 0 else { throw TestSetupError("sklearn_pipeline.py failed (run scripts/install-deps.sh for scikit-learn):\n\(result.stderr)") }
        return try JSONValue.parse(Data(result.stdout.utf8))
    }

    /// The model the run's `train` stage output, loaded by digest as `sluice predict` does.
    static func servedModel(_ project: LinearProject, _ runID: String) throws -> LoadedModel {
        let (value, digest) = try project.output(runID, "train", "model")
        #expect(value.mediaType == InferencePipeline.mediaType)
        let loader = ModelLoader(catalog: Linear.catalog, sources: [StoredModelSource(objects: project.objects, store: project.store)])
        return try loader.require(digest)
    }

    @Test func standardizeThenRidgeFromRawRowsEqualsScikitLearnsPipeline() throws {
        let project = try LinearProject()
        try project.folder.write("data.csv", Datasets.csv(Datasets.rows(240)))
        let outcome = try project.run([
            try project.stage("load", "sluice.csv/load", #"{"path": "\#(project.folder.file("data.csv"))", "target": "y"}"#),
            try project.stage("split", "sluice.transforms/split", #"{"test_fraction": 0.25, "seed": 3}"#, inputs: ["data": "load.data"]),
            try project.stage("scale", "sluice.transforms/standardize", #"{"columns": ["x1", "x2", "x3", "x4"]}"#, inputs: ["train": "split.train", "test": "split.test"]),
            try project.stage("train", "sluice.linear/ridge", #"{"features": ["x1", "x2", "x3", "x4"], "alpha": 3.5}"#, inputs: ["train": "scale.train"]),
        ])
        #expect(outcome.status == .succeeded, "\(outcome.failures)")
        let model = try Self.servedModel(project, outcome.runID)
        #expect(model.summary.features.map(\.name) == Datasets.featureNames)
        let rawTrain = try project.table(outcome.runID, "split", "train"), rawTest = try project.table(outcome.runID, "split", "test")

        let predictions = try model.predict(rawTest).doubles("prediction")!
        let reference = try Self.sklearn("ridge", project: project, train: rawTrain, test: rawTest, target: "y",
                                         numeric: Datasets.featureNames, categorical: [], params: #"{"alpha": 3.5}"#)
        #expect(relativeError(predictions, try numbers(reference, "/predictions")) < 1e-9)
        // The transformed test table (which says it went through the scaler) gives the same.
        let transformed = try project.table(outcome.runID, "scale", "test")
        #expect(try model.predict(transformed).doubles("prediction")! == predictions)
    }

    /// Rows with missing numbers and a text column, for impute → one_hot → standardize.
    static func mixedCSV(rows: Int) -> String {
        var state: UInt64 = 11
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var text = "x1,x2,colour,species\n"
        for row in 0..<rows {
            let x1 = uniform() * 4 - 2, x2 = uniform() * 10
            let colour = ["red", "green", "blue"][Int(uniform() * 3)]
            let score = 1.5 * x1 - 0.3 * x2 + (colour == "red" ? 1.2 : colour == "blue" ? -0.8 : 0) + uniform() * 2 - 1
            let species = score > 0.5 ? "setosa" : score > -1.5 ? "versicolor" : "virginica"
            text += "\(row % 9 == 4 ? "" : String(x1)),\(row % 7 == 2 ? "" : String(x2)),\(colour),\(species)\n"
        }
        return text
    }

    @Test func imputeOneHotStandardizeThenLogisticFromRawRowsEqualsScikitLearnsColumnTransformer() throws {
        let project = try LinearProject()
        try project.folder.write("data.csv", Self.mixedCSV(rows: 300))
        let outcome = try project.run([
            try project.stage("load", "sluice.csv/load", #"{"path": "\#(project.folder.file("data.csv"))", "target": "species"}"#),
            try project.stage("split", "sluice.transforms/split", #"{"test_fraction": 0.25, "seed": 5}"#, inputs: ["data": "load.data"]),
            try project.stage("fill", "sluice.transforms/impute", #"{"columns": ["x1", "x2"]}"#, inputs: ["train": "split.train", "test": "split.test"]),
            try project.stage("encode", "sluice.transforms/one_hot", #"{"columns": ["colour"]}"#, inputs: ["train": "fill.train", "test": "fill.test"]),
            try project.stage("scale", "sluice.transforms/standardize", #"{"columns": ["x1", "x2"]}"#, inputs: ["train": "encode.train", "test": "encode.test"]),
            try project.stage("train", "sluice.linear/logistic", #"{"C": 0.5, "tol": 1e-12, "max_iter": 1000}"#, inputs: ["train": "scale.train"]),
        ])
        #expect(outcome.status == .succeeded, "\(outcome.failures)")
        let model = try Self.servedModel(project, outcome.runID)
        // The raw features a client sends: the text column as text, not its 0/1 columns.
        #expect(model.summary.features.map(\.name) == ["x1", "x2", "colour"])
        #expect(model.summary.features.map(\.type) == ["float64", "float64", "utf8"])
        let rawTrain = try project.table(outcome.runID, "split", "train"), rawTest = try project.table(outcome.runID, "split", "test")

        let predictions = try model.predict(rawTest)
        let reference = try Self.sklearn("logistic", project: project, train: rawTrain, test: rawTest, target: "species",
                                         numeric: ["x1", "x2"], categorical: ["colour"], params: #"{"C": 0.5}"#)
        #expect(predictions.strings("prediction")!.map { $0! } == (reference.value(at: "/predictions")?.arrayValue ?? []).compactMap(\.stringValue))
        for label in ["setosa", "versicolor", "virginica"] {
            // Two solvers, both converged to 1e-12: they agree to ~1e-8, not to the last bit.
            #expect(relativeError(predictions.doubles("probability_" + label)!, try numbers(reference, "/probabilities/" + label)) < 1e-6, "\(label)")
        }
        // Raw rows cross to the transforms plugin once for its three consecutive steps
        // (composed); the test table its stages wrote skips them all, and the step-by-step
        // path (a table only the imputer has seen) gives the same to the last bit.
        #expect(model.steps.count == 3)
        let transformed = try project.table(outcome.runID, "scale", "test")
        #expect(try model.predict(transformed).doubles("probability_setosa") == predictions.doubles("probability_setosa"))
        let imputed = try project.table(outcome.runID, "fill", "test")
        #expect(try model.predict(imputed).doubles("probability_setosa") == predictions.doubles("probability_setosa"))
    }

    @Test func aRawRowTheTransformsCannotTakeIsAnErrorNamingTheColumn() throws {
        let project = try LinearProject()
        try project.folder.write("data.csv", Self.mixedCSV(rows: 120))
        let outcome = try project.run([
            try project.stage("load", "sluice.csv/load", #"{"path": "\#(project.folder.file("data.csv"))", "target": "species"}"#),
            try project.stage("fill", "sluice.transforms/impute", #"{"columns": ["x1"]}"#, inputs: ["train": "load.data"]),
            try project.stage("encode", "sluice.transforms/one_hot", #"{"columns": ["colour"], "unseen": "error"}"#, inputs: ["train": "fill.train"]),
            try project.stage("train", "sluice.linear/logistic", #"{"features": ["x1", "colour=blue", "colour=green", "colour=red"]}"#, inputs: ["train": "encode.train"]),
        ])
        #expect(outcome.status == .succeeded, "\(outcome.failures)")
        let model = try Self.servedModel(project, outcome.runID)
        func failure(_ table: ArrowTable) -> SluiceError? {
            #expect(throws: SluiceError.self) { try model.predict(table) }
            do { _ = try model.predict(table) } catch { return error }
            return nil
        }
        let unseen = failure(try ArrowTable(["x1": .float64([0.5]), "colour": .utf8(["purple"])]))
        #expect(unseen?.kind == .failure)
        #expect(unseen?.message.contains("column 'colour' has the value 'purple'") == true, "\(String(describing: unseen))")
        let missing = failure(try ArrowTable(["x1": .float64([0.5])]))
        #expect(missing?.message.contains("no column 'colour', which one_hot was fitted on") == true, "\(String(describing: missing))")
        let wrongType = failure(try ArrowTable(["x1": .utf8(["0.5"]), "colour": .utf8(["red"])]))
        #expect(wrongType?.message.contains("'x1'") == true, "\(String(describing: wrongType))")
        // A missing x1 is filled as in training; nothing is there to fill a NaN the model sees otherwise.
        #expect(try model.predict(try ArrowTable(["x1": .float64([nil]), "colour": .utf8(["red"])])).rowCount == 1)
    }
}
