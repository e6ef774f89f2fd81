import Foundation
@testable import SluiceArrow
@testable import SluiceEngine
@testable import SluiceJSON
import SluiceLinear
import SluiceStore
import SluiceSupport
import SluiceTestSupport
import Testing

/// The whole path a user takes: a CSV file is loaded, split, standardised and fitted by
/// a pipeline run through the host; the stored model predicts through `ModelLoader`
/// (the model capability, across the C protocol). Its numbers must be those of
/// SluiceLinear called directly on the same rows, and scikit-learn's on the same
/// standardised data (1e-6; 1e-4 for logistic).
@Suite(.serialized) struct PipelineAgreementTests {
    /// Runs load → split → standardize → STAGE and returns the model's outputs.
    static func runPipeline(_ stage: String, _ config: String, target: String = "y") throws -> Fitted {
        let project = try LinearProject()
        try project.folder.write("data.csv", Datasets.csv(Datasets.rows(240)))
        let stages = [
            try project.stage("load", "sluice.csv/load", #"{"path": "\#(project.folder.file("data.csv"))", "target": "\#(target)"}"#),
            try project.stage("split", "sluice.transforms/split", #"{"test_fraction": 0.25, "seed": 3}"#, inputs: ["data": "load.data"]),
            try project.stage("scale", "sluice.transforms/standardize", inputs: ["train": "split.train", "test": "split.test"]),
            try project.stage("train", "sluice.linear/" + stage, config, inputs: ["train": "scale.train", "scaler": "scale.scaler"]),
        ]
        let outcome = try project.run(stages)
        #expect(outcome.status == .succeeded, "\(outcome.failures)")
        let (value, digest) = try project.output(outcome.runID, "train", "model")
        guard case .bytes(let pipeline, let mediaType) = value else { throw TestSetupError("the model is not bytes") }
        // Trained after standardize, the model port carries the inference pipeline:
        // the scaler, then the linear model.
        #expect(mediaType == InferencePipeline.mediaType)
        let parts = try InferencePipeline.parts(pipeline.pointer, what: "model")
        #expect(parts.steps.map(\.stage) == ["scale"])
        #expect(parts.model.mediaType == Linear.mediaType)
        let bytes = parts.model.bytes.withUnsafeBytes { ByteBuffer(copying: $0) }
        // By digest, as `sluice predict` and the testers find it.
        let loader = ModelLoader(catalog: Linear.catalog, sources: [StoredModelSource(objects: project.objects, store: project.store)])
        let model = try loader.require(String(digest.prefix(16)))
        return Fitted(project: project, model: model, artifact: try JSONValue.parse(bytes.data),
                      train: try project.table(outcome.runID, "scale", "train"), test: try project.table(outcome.runID, "scale", "test"),
                      metrics: try project.store.detail(outcome.runID).latestMetrics.filter { $0.stage == "train" }.reduce(into: [:]) { $0[$1.name] = $1.value })
    }

    struct Fitted {
        let project: LinearProject
        let model: LoadedModel
        let artifact: JSONValue
        let train: ArrowTable
        let test: ArrowTable
        let metrics: [String: Double]

        func matrix(_ table: ArrowTable) throws -> Matrix {
            try Matrix(columns: Datasets.featureNames.map { table.doubles($0)! })
        }

        /// scikit-learn's fit on the same standardised train table, predictions on test.
        func sklearn(_ model: String, target: String, params: String) throws -> JSONValue {
            let train = project.folder.file("train.arrow"), test = project.folder.file("test.arrow")
            try ArrowIPCFileWriter.write(self.train, to: train)
            try ArrowIPCFileWriter.write(self.test, to: test)
            let script = TestEnvironment.packageRoot + "/Tests/SluiceLinearPluginTests/Fixtures/sklearn_fit.py"
            let result = try runProcess(try Python.interpreter(), [script, model, train, test, target, Datasets.featureNames.joined(separator: ","), params])
            guard result.status == 0 else { throw TestSetupError("sklearn_fit.py failed (run scripts/install-deps.sh for scikit-learn):\n\(result.stderr)") }
            return try JSONValue.parse(Data(result.stdout.utf8))
        }
    }

    @Test(arguments: ["linear", "ridge"])
    func regressionPredictsAsSluiceLinearAndScikitLearn(stage: String) throws {
        let config = stage == "ridge" ? #"{"features": ["x1", "x2", "x3", "x4"], "alpha": 3.5}"# : #"{"features": ["x1", "x2", "x3", "x4"]}"#
        let fitted = try Self.runPipeline(stage, config)
        let x = try fitted.matrix(fitted.train), y = fitted.train.doubles("y")!
        let direct = stage == "linear" ? try LinearRegression().fit(x, y) : try Ridge(alpha: 3.5).fit(x, y)
        let predictions = try fitted.model.predict(fitted.test)
        #expect(predictions.columnNames == ["prediction"])
        let expected = try direct.predict(try fitted.matrix(fitted.test))
        #expect(relativeError(predictions.doubles("prediction")!, expected) < 1e-12)
        #expect(fitted.artifact.value(at: "/coefficients/0") == .array(direct.coefficients.map(JSONValue.number)))

        let sklearn = try fitted.sklearn(stage, target: "y", params: stage == "ridge" ? #"{"alpha": 3.5}"# : "{}")
        #expect(relativeError(direct.coefficients, try numbers(sklearn, "/coef/0")) < 1e-6)
        #expect(relativeError([direct.intercept], try numbers(sklearn, "/intercept")) < 1e-6)
        #expect(relativeError(predictions.doubles("prediction")!, try numbers(sklearn, "/predictions")) < 1e-6)

        #expect(fitted.metrics["train_r2"]! > 0.9)
        #expect(fitted.metrics["n_rows"] == 180 && fitted.metrics["n_features"] == 4)
        #expect(fitted.artifact.value(at: "/preprocessing/standardize/columns/x1/scale") != nil)
        #expect(fitted.artifact.value(at: "/preprocessing/features_look_standardized") == .bool(true))
    }

    @Test(arguments: ["species", "flag"])
    func logisticPredictsAsSluiceLinearAndScikitLearn(target: String) throws {
        // The loader names the target, so standardize leaves it alone (it would scale an integer flag).
        let fitted = try Self.runPipeline("logistic", #"{"features": ["x1", "x2", "x3", "x4"], "tol": 1e-10, "C": 0.5}"#, target: target)
        let x = try fitted.matrix(fitted.train)
        let solver = LogisticRegression(C: 0.5, tol: 1e-10, maxIter: 100)
        let predictions = try fitted.model.predict(fitted.test)
        let testX = try fitted.matrix(fitted.test)
        let expectedProbabilities: Matrix
        let classes: [String]
        if target == "species" {
            let direct = try solver.fit(x, fitted.train.strings("species")!.map { $0! })
            expectedProbabilities = try direct.predictProbabilities(testX)
            classes = direct.classes
            #expect(predictions.strings("prediction")! == (try direct.predict(testX)))
        } else {
            guard case .int64(let labels)? = fitted.train.values("flag") else { throw TestSetupError("flag is not int64") }
            let direct = try solver.fit(x, labels.map { $0! })
            expectedProbabilities = try direct.predictProbabilities(testX)
            classes = direct.classes.map { String($0) }
            #expect(predictions.values("prediction") == .int64(try direct.predict(testX).map { $0 }))
        }
        #expect(predictions.columnNames == ["prediction"] + classes.map { "probability_" + $0 })
        for (c, label) in classes.enumerated() {
            #expect(relativeError(predictions.doubles("probability_" + label)!, Array(expectedProbabilities.column(c))) < 1e-12)
        }
        #expect(fitted.model.summary.classes == classes)

        let sklearn = try fitted.sklearn("logistic", target: target, params: #"{"C": 0.5}"#)
        #expect(try strings(sklearn, "/classes") == classes)
        for (c, label) in classes.enumerated() {
            #expect(relativeError(predictions.doubles("probability_" + label)!, try numbers(sklearn, "/probabilities/\(c)")) < 1e-4)
        }
        #expect(fitted.metrics["converged"] == 1)
        #expect(fitted.metrics["train_accuracy"]! > 0.6)
        #expect(fitted.metrics["iterations"]! >= 1)
    }
}

func numbers(_ json: JSONValue, _ pointer: String) throws -> [Double] {
    guard case .array(let values)? = json.value(at: pointer) else { throw TestSetupError("no array at \(pointer) in \(json)") }
    return values.map { value in
        switch value {
        case .number(let number): number
        case .integer(let integer): Double(integer)
        default: .nan
        }
    }
}

func strings(_ json: JSONValue, _ pointer: String) throws -> [String] {
    guard case .array(let values)? = json.value(at: pointer) else { throw TestSetupError("no array at \(pointer)") }
    return values.compactMap { if case .string(let text) = $0 { text } else { nil } }
}
