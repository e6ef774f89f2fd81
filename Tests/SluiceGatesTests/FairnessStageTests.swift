import Foundation
@testable import SluiceArrow
import Testing

/// `sluice.gates/fairness` on the hand-checked table of `TestTables.fairness()`.
@Suite struct FairnessStageTests {
    static let model = TestModel.threshold(at: 0.5, classes: ["0", "1"], labelType: "int64")

    @Test func theMeasuresMatchTheHandComputedValues() throws {
        let run = try Gates.run("fairness", #"{"sensitive":"sex","positive_label":1}"#, model: Self.model, test: TestTables.fairness())
        #expect(run.passed, "\(run.message)")
        #expect(run.metrics["demographic_parity_difference"] == 0.25)
        #expect(run.metrics["equal_opportunity_difference"] == 0.5)
        #expect(run.metrics["disparate_impact_ratio"].map { abs($0 - 2.0 / 3) < 1e-15 } == true)
        #expect(run.metrics["accuracy[F]"] == 0.5)
        #expect(run.metrics["accuracy[M]"] == 1)

        let report = try run.report("fairness.json")
        #expect(report["positive_label"]?.text == "1")
        let slices = try #require(report["slices"]?.array)
        #expect(slices.map { $0["slice"]?.text } == ["F", "M"])
        #expect(slices.map { $0["rows"]?.number } == [4, 4])
        #expect(slices.map { $0["selection_rate"]?.number } == [0.5, 0.75])
        #expect(slices.map { $0["true_positive_rate"]?.number } == [0.5, 1])
        #expect(slices.map { $0["accuracy"]?.number } == [0.5, 1])
    }

    @Test func gatesOnParityAndPerSliceMetricsAreAllRecorded() throws {
        let config = #"""
            {"sensitive":"sex","gates":{"demographic_parity_difference":"<= 0.3","disparate_impact_ratio":">= 0.8","accuracy":">= 0.6"}}
            """#
        let run = try Gates.run("fairness", config, model: Self.model, test: TestTables.fairness())
        let error = try #require(run.error)
        #expect(error.kind == .gateFailed)
        #expect(error.message.contains("disparate_impact_ratio = 0.6667 is not >= 0.8"), "\(error.message)")
        #expect(error.message.contains("accuracy[F] = 0.5 is not >= 0.6"), "\(error.message)")
        #expect(!error.message.contains("accuracy[M]"))
        #expect(run.metrics["gate.demographic_parity_difference"] == 1)
        #expect(run.metrics["gate.disparate_impact_ratio"] == 0)
        #expect(run.metrics["gate.accuracy[F]"] == 0)
        #expect(run.metrics["gate.accuracy[M]"] == 1)
        let gates = try #require(try run.report("fairness.json")["gates"]?.array)
        #expect(gates.count == 4)
    }

    @Test func theMetricChoosesTheReportsPerSliceColumn() throws {
        let run = try Gates.run("fairness", #"{"sensitive":"sex","metric":"recall"}"#, model: Self.model, test: TestTables.fairness())
        #expect(run.metrics["recall[F]"] == 0.5)
        #expect(run.metrics["recall[M]"] == 1)
    }

    @Test func aSliceWithoutPositiveRowsIsLeftOutOfEqualOpportunity() throws {
        let table = try ArrowTable([
            "region": .utf8(["N", "N", "S", "S", "W"]), "x": .float64([0.9, 0.1, 0.8, 0.7, 0.9]), "y": .int64([1, 0, 1, 0, 0]),
        ], metadata: ["sluice.target": "y"])
        let run = try Gates.run("fairness", #"{"sensitive":"region"}"#, model: Self.model, test: table)
        // TPR: N 1/1, S 1/1, W none → difference 0 over N and S.
        #expect(run.metrics["equal_opportunity_difference"] == 0)
        #expect(try run.report("fairness.json")["slices", 2, "true_positive_rate"] == .null)
    }

    @Test func regressionModelsGetPerSliceMetricsButNoParityMeasures() throws {
        // Against 2x + 1 only the last row (Lima) is off, by 1: Lima's mae is 0.5.
        let run = try Gates.run("fairness", #"{"sensitive":"city","gates":{"mae":"< 0.5"}}"#, model: .line(slope: 2, intercept: 1), test: TestTables.line())
        #expect(run.metrics["rmse[Oslo]"] == 0, "the per-slice metric is rmse by default")
        #expect(run.metrics["rmse[Lima]"].map { abs($0 - 0.5.squareRoot()) < 1e-12 } == true)
        #expect(run.metrics["demographic_parity_difference"] == nil)
        #expect(run.message.contains("quality gate failed: mae[Lima] = 0.5 is not < 0.5"), "\(run.message)")
        #expect(run.metrics["gate.mae[Oslo]"] == 1)
        #expect(run.metrics["gate.mae[Pune]"] == 1)

        let parity = try Gates.run("fairness", #"{"sensitive":"city","gates":{"disparate_impact_ratio":">= 0.8"}}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(parity.message.contains("'disparate_impact_ratio', which needs a classifier"), "\(parity.message)")
    }

    @Test func aMissingSensitiveColumnNamesTheColumns() throws {
        let run = try Gates.run("fairness", #"{"sensitive":"gender"}"#, model: Self.model, test: TestTables.fairness())
        #expect(run.message.contains("no sensitive column 'gender'; its columns are: sex, x, y"), "\(run.message)")
    }
}
