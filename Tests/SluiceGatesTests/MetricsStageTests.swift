import Foundation
@testable import SluiceArrow
import SluiceSupport
import Testing

/// `sluice.gates/metrics`: measures a model loaded through the host on a test table,
/// logs every metric, reports them, and gates on them.
@Suite struct MetricsStageTests {
    @Test func aRegressionModelIsMeasuredLoggedAndReported() throws {
        let run = try Gates.run("metrics", #"{"gates":{"r2":">= 0.9","rmse":"<= 1"}}"#, model: .line(slope: 2, intercept: 1), test: TestTables.line())
        #expect(run.passed, "\(run.message)")
        #expect(abs(run.metrics["r2"]! - TestTables.lineR2) < 1e-12)
        #expect(abs(run.metrics["rmse"]! - 0.2.squareRoot()) < 1e-12)
        #expect(abs(run.metrics["mae"]! - 0.2) < 1e-12)
        #expect(run.metrics["gate.r2"] == 1)
        #expect(run.metrics["gate.rmse"] == 1)
        #expect(run.params["gate.r2"]?["condition"]?.text == ">= 0.9")
        #expect(run.params["gate.r2"]?["passed"]?.flag == true)

        let report = try run.report("metrics.json")
        #expect(report["task"]?.text == "regression")
        #expect(report["target"]?.text == "y")
        #expect(report["rows"]?.number == 5)
        #expect(report["metrics"]?["mse"]?.number.map { abs($0 - 0.2) < 1e-12 } == true)
        #expect(report["gates"]?.array?.count == 2)
        #expect(report["gates", 0, "metric"]?.text == "r2")
        #expect(report["gates", 0, "condition"]?.text == ">= 0.9")
        #expect(report["passed"]?.flag == true)
        #expect(run.artifacts["metrics.json"] != nil)
    }

    @Test func aFailedGateFailsTheStageNamingMetricValueAndThreshold() throws {
        let run = try Gates.run("metrics", #"{"gates":{"r2":">= 0.99","rmse":"<= 1"}}"#, model: .line(slope: 2, intercept: 1), test: TestTables.line())
        let error = try #require(run.error)
        #expect(error.kind == .gateFailed)
        #expect(error.code.id == "stage.gate-failed")
        #expect(error.message.contains("r2 = 0.9795 is not >= 0.99"), "\(error.message)")
        #expect(!error.message.contains("rmse"), "only the failed gate is named: \(error.message)")
        // Both gates are recorded, the passing one too, and the report says why.
        #expect(run.metrics["gate.r2"] == 0)
        #expect(run.metrics["gate.rmse"] == 1)
        #expect(run.params["gate.r2"]?["passed"]?.flag == false)
        #expect(run.params["gate.r2"]?["value"]?.number.map { abs($0 - TestTables.lineR2) < 1e-12 } == true)
        let report = try run.report("metrics.json")
        #expect(report["passed"]?.flag == false)
        #expect(report["gates", 0, "passed"]?.flag == false)
        #expect(report["gates", 1, "passed"]?.flag == true)
    }

    @Test func metricsLimitsWhatIsComputedButGatedMetricsAreAlwaysComputed() throws {
        let run = try Gates.run("metrics", #"{"metrics":["mae"],"gates":{"r2":"> 0"}}"#, model: .line(slope: 2, intercept: 1), test: TestTables.line())
        #expect(run.passed)
        #expect(Set(run.metrics.keys) == ["mae", "r2", "gate.r2"])
    }

    @Test func aBinaryClassifierGetsClassificationMetricsAndAConfusionMatrix() throws {
        let run = try Gates.run("metrics", #"{"gates":{"accuracy":"between 0.7 and 0.8"}}"#, model: .threshold(at: 0.5), test: TestTables.binary())
        #expect(run.passed, "\(run.message)")
        #expect(run.metrics["accuracy"] == 0.75)
        #expect(run.metrics["precision"] == 0.75)
        #expect(run.metrics["recall"] == 0.75)
        #expect(run.metrics["f1"] == 0.75)
        #expect(run.metrics["roc_auc"] != nil)
        #expect(run.metrics["log_loss"] != nil)
        let report = try run.report("metrics.json")
        #expect(report["classes"] == .array([.string("no"), .string("yes")]))
        #expect(report["positive_label"]?.text == "yes")
        #expect(report["averaging"]?.text == "binary")
        // Rows are true labels, columns predicted: 3 right "no", 1 "no" predicted
        // "yes"; 1 "yes" predicted "no", 3 right "yes".
        #expect(report["confusion_matrix", "matrix"] == .array([.array([.integer(3), .integer(1)]), .array([.integer(1), .integer(3)])]))
    }

    @Test func positiveLabelChoosesTheClassThatPrecisionAndRecallScore() throws {
        let table = try ArrowTable(["x": .float64([0.1, 0.2, 0.9, 0.8]), "y": .utf8(["no", "yes", "yes", "yes"])], metadata: ["sluice.target": "y"])
        let yes = try Gates.run("metrics", "{}", model: .threshold(at: 0.5), test: table)
        let no = try Gates.run("metrics", #"{"positive_label":"no"}"#, model: .threshold(at: 0.5), test: table)
        #expect(yes.metrics["recall"].map { abs($0 - 2.0 / 3) < 1e-12 } == true)
        #expect(no.metrics["recall"] == 1)
        #expect(no.metrics["precision"] == 0.5)
        let wrong = try Gates.run("metrics", #"{"positive_label":"maybe"}"#, model: .threshold(at: 0.5), test: table)
        #expect(wrong.message.contains("'positive_label' is 'maybe', which is not one of the model's classes 'no', 'yes'"), "\(wrong.message)")
    }

    @Test func integerLabelsMatchFloatAndIntegerTargets() throws {
        let model = TestModel.threshold(at: 0.5, classes: ["0", "1"], labelType: "int64")
        let asFloats = try Gates.run("metrics", "{}", model: model, test: TestTables.binary(labels: .float64([0, 0, 0, 1, 1, 1, 0, 1])))
        let asInts = try Gates.run("metrics", "{}", model: model, test: TestTables.binary(labels: .int64([0, 0, 0, 1, 1, 1, 0, 1])))
        #expect(asFloats.passed, "\(asFloats.message)")
        #expect(asFloats.metrics["accuracy"] == 0.75)
        #expect(asInts.metrics == asFloats.metrics)
    }

    @Test func targetDefaultsToTheTableMetadataAndCanBeSet() throws {
        let table = try ArrowTable(["x": .float64([1, 2, 3]), "label": .float64([2, 4, 6])])
        let unnamed = try Gates.run("metrics", "{}", model: .line(slope: 2, target: ""), test: table)
        #expect(unnamed.message.contains("no target column: set 'target'"), "\(unnamed.message)")
        let named = try Gates.run("metrics", #"{"target":"label"}"#, model: .line(slope: 2, target: ""), test: table)
        #expect(named.metrics["rmse"] == 0)
        // Without config or metadata, the target the model was trained on.
        let fromModel = try Gates.run("metrics", "{}", model: .line(slope: 2, target: "label"), test: table)
        #expect(fromModel.metrics["r2"] == 1)
    }
}
