import Foundation
@testable import SluiceArrow
import Testing

/// Wrong configs, wrong tables and wrong models end in one clear error, never a trap.
@Suite struct BadInputTests {
    @Test func aGateOnAnUnknownMetricIsAConfigErrorListingTheKnownOnes() throws {
        let run = try Gates.run("metrics", #"{"gates":{"accuracy_score":">= 0.8"}}"#, model: .line(slope: 2), test: TestTables.line())
        let error = try #require(run.error)
        #expect(error.kind == .config, "an unknown name is caught when the stage is created")
        #expect(error.message.contains("unknown metric 'accuracy_score'"))
        #expect(error.message.contains("regression rmse, mse, mae, r2; classification accuracy, precision, recall, f1, roc_auc, log_loss"), "\(error.message)")
    }

    @Test func aGateOnAMetricOfTheOtherTaskListsTheMetricsOfTheModelsTask() throws {
        let run = try Gates.run("metrics", #"{"gates":{"accuracy":">= 0.8"}}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(run.error?.code == .stageInvalidConfig)
        #expect(run.message.contains("'gates' names the unknown metric 'accuracy'; the regression metrics are: rmse, mse, mae, r2"), "\(run.message)")
    }

    @Test func aMalformedConditionIsAConfigError() throws {
        let run = try Gates.run("metrics", #"{"gates":{"r2":"=> 0.8"}}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(run.error?.kind == .config)
        #expect(run.message.contains("'gates.r2': the gate condition \"=> 0.8\" cannot be read: '=>' is not a comparison; write '>='"), "\(run.message)")
    }

    @Test func aMissingTargetColumnNamesTheColumnsThereAre() throws {
        let run = try Gates.run("metrics", #"{"target":"price"}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(run.error?.code.id == "stage.invalid-input")
        #expect(run.message.contains("no target column 'price' (from 'target'); its columns are: x, z, city, y"), "\(run.message)")
    }

    @Test func labelsOfAnotherTypeThanTheModelsClassesAreRejected() throws {
        let run = try Gates.run("metrics", "{}", model: .threshold(at: 0.5), test: TestTables.binary(labels: .int64([0, 0, 0, 1, 1, 1, 0, 1])))
        #expect(run.error?.code.id == "stage.invalid-input")
        #expect(run.message.contains("the target 'y' (int64) holds label(s) '0', '1' that are not among the model's classes 'no', 'yes'"), "\(run.message)")
    }

    @Test func aTextTargetForARegressionModelIsRejected() throws {
        let run = try Gates.run("metrics", #"{"target":"city"}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(run.message.contains("the target 'city' is string, but this model does regression and needs numbers"), "\(run.message)")
    }

    @Test func nullTargetsAreRejected() throws {
        let table = try ArrowTable(["x": .float64([1, 2]), "y": .float64([2, nil])], metadata: ["sluice.target": "y"])
        let run = try Gates.run("metrics", "{}", model: .line(slope: 2), test: table)
        #expect(run.message.contains("the target 'y' has 1 null(s)"), "\(run.message)")
    }

    @Test func aGateOnAMetricTheTestRowsCannotDefineFailsAsInvalidInput() throws {
        // One class only: roc_auc is undefined (scikit-learn raises), so its gate
        // cannot pass; the other metrics are still logged and reported.
        let table = try ArrowTable(["x": .float64([0.2, 0.7, 0.9]), "y": .utf8(["yes", "yes", "yes"])], metadata: ["sluice.target": "y"])
        let run = try Gates.run("metrics", #"{"gates":{"roc_auc":">= 0.8"}}"#, model: .threshold(at: 0.5), test: table)
        #expect(run.error?.code.id == "stage.invalid-input")
        #expect(run.message.contains("roc_auc could not be computed (roc_auc is undefined when the test rows hold only one class"), "\(run.message)")
        #expect(run.metrics["gate.roc_auc"] == 0)
        #expect(run.metrics["accuracy"].map { abs($0 - 2.0 / 3) < 1e-12 } == true)
        let report = try run.report("metrics.json")
        #expect(report["metrics", "roc_auc"] == .null)
        #expect(report["undefined", "roc_auc"]?.text?.contains("only one class") == true)
    }

    @Test func anEmptyTestTableIsRejected() throws {
        let table = try ArrowTable(["x": .float64([]), "y": .float64([])], metadata: ["sluice.target": "y"])
        for stage in ["metrics", "invariance"] {
            let config = stage == "invariance" ? #"{"column":"x","perturbation":{"add":1}}"# : "{}"
            let run = try Gates.run(stage, config, model: .line(slope: 2), test: table)
            #expect(run.message.contains("the 'test' table has no rows"), "\(stage): \(run.message)")
        }
    }

    @Test func aModelNoPluginLoadsPassesOnTheHostsMessage() throws {
        let garbage = TestModel(json: "not a model", mediaType: "application/x-unknown")
        let run = try Gates.run("metrics", "{}", model: garbage, test: TestTables.line())
        #expect(run.error?.code.id == "stage.invalid-input")
        #expect(run.message.contains("the model on input 'model' (application/x-unknown, 11 bytes) cannot be loaded"), "\(run.message)")
        #expect(run.message.contains("no plugin loads this model (media type application/x-unknown)"), "\(run.message)")
        #expect(run.message.contains("sluice.testkit (application/vnd.sluice.test-regressor+json"), "\(run.message)")
    }

    @Test func aModelOfAnUnknownFormatVersionSaysWhichVersionsAreRead() throws {
        let future = TestModel(json: #"{"format":"sluice.test-regressor/2","target":"y","slope":1,"intercept":0}"#,
                               mediaType: "application/vnd.sluice.test-regressor+json")
        let run = try Gates.run("metrics", "{}", model: future, test: TestTables.line())
        #expect(run.message.contains("sluice.testkit could not load the model: model format 'sluice.test-regressor/2' is not one this plugin reads; it reads sluice.test-regressor/1"), "\(run.message)")
    }

    @Test func aModelMissingAFeatureColumnPassesOnTheModelsMessage() throws {
        let run = try Gates.run("metrics", "{}", model: .line(feature: "sqft", slope: 2), test: TestTables.line())
        #expect(run.message.contains("the model (sluice.test-regressor/1) cannot predict the test table"), "\(run.message)")
        #expect(run.message.contains("no column 'sqft'"), "\(run.message)")
    }
}
