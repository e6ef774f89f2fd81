import Foundation
@testable import SluiceArrow
import SluiceTestSupport
import Testing

/// Every kind of bad training input fails the stage with the right status and a message
/// that names the problem and the fix; none traps.
@Suite struct BadInputTests {
    let rows = Datasets.rows(30)

    func message(_ stage: String, _ config: String = "{}", _ table: ArrowTable) -> (code: String, text: String)? {
        Linear.failure { try Linear.train(stage, config, table) }.map { ($0.code.id, $0.message) }
    }

    @Test func aTextFeatureIsNamedWithTheAdviceToOneHotIt() throws {
        let failure = try #require(message("ridge", "{}", try Datasets.table(rows)))
        #expect(failure.code == "stage.invalid-input")
        #expect(failure.text.contains("'species' (string)"))
        #expect(failure.text.contains("sluice.transforms/one_hot"))
    }

    @Test func noTargetAnywhereSaysHowToNameOne() throws {
        let failure = try #require(message("linear", #"{"features": ["x1"]}"#, try Datasets.table(rows, target: nil)))
        #expect(failure.text.contains("no target"))
        #expect(failure.text.contains("set 'target'"))
        let unknown = try #require(message("linear", #"{"target": "price"}"#, try Datasets.table(rows)))
        #expect(unknown.text.contains("'price' is not in the train table"))
    }

    @Test func aMissingFeatureColumnIsNamed() throws {
        let failure = try #require(message("linear", #"{"features": ["x1", "x9"]}"#, try Datasets.table(rows)))
        #expect(failure.text.contains("'x9'"))
    }

    @Test func aSingleClassForLogisticIsExplained() throws {
        let table = try ArrowTable(["a": .float64([1, 2, 3]), "label": .utf8(["yes", "yes", "yes"])])
        let failure = try #require(message("logistic", #"{"target": "label"}"#, table))
        #expect(failure.code == "stage.invalid-input")
        #expect(failure.text.contains("at least two classes"))
        #expect(failure.text.contains("yes"))
    }

    @Test(arguments: [("null", "a"), ("nan", "a"), ("null", "t"), ("nan", "t")])
    func missingValuesNameTheColumnAndSuggestImpute(kind: String, column: String) throws {
        let bad: Double? = kind == "null" ? nil : .nan
        let a: [Double?] = column == "a" ? [1, 2, bad, 4, 5] : [1, 2, 3, 4, 5]
        let t: [Double?] = column == "t" ? [1, bad, 3, 2, 5] : [1, 3, 3, 2, 5]
        let table = try ArrowTable(["a": .float64(a), "t": .float64(t)], metadata: ["sluice.target": "t"])
        let failure = try #require(message("ridge", "{}", table))
        #expect(failure.text.contains("column '\(column)'"))
        #expect(failure.text.contains("sluice.transforms/impute"))
        #expect(failure.text.contains(kind == "null" ? "null" : "NaN"))
    }

    @Test func collinearFeaturesForOLSAreNamedAndRidgeIsSuggested() throws {
        let a: [Double] = [1, 2, 3, 4, 5, 6], b = a.map { 2 * $0 }
        let table = try ArrowTable(["a": .float64(a), "b": .float64(b), "t": .float64([1, 3, 2, 5, 4, 6])], metadata: ["sluice.target": "t"])
        let failure = try #require(message("linear", "{}", table))
        #expect(failure.text.contains("collinear"))
        #expect(failure.text.contains("'b' ≈ 2 × 'a'"))
        #expect(failure.text.contains("sluice.linear/ridge"))
        // Ridge has a unique solution on the same data.
        #expect(try Linear.train("ridge", "{}", table).metrics["n_rows"] == 6)
    }

    @Test func moreFeaturesThanRowsFailsOLSOnlyAndSaysWhy() throws {
        let table = try ArrowTable(["a": .float64([1, 2, 4]), "b": .float64([3, 1, 2]), "c": .float64([5, 2, 9]), "t": .float64([1, 2, 3])],
                                   metadata: ["sluice.target": "t"])
        let failure = try #require(message("linear", "{}", table))
        #expect(failure.text.contains("3 features but only 3 rows"))
        #expect(failure.text.contains("sluice.linear/ridge"))
        #expect(try Linear.train("ridge", "{}", table).outputs["model"] != nil)
        let labelled = try ArrowTable(["a": .float64([1, 2, 4]), "b": .float64([3, 1, 2]), "c": .float64([5, 2, 9]), "t": .utf8(["x", "y", "x"])])
        #expect(try Linear.train("logistic", #"{"target": "t"}"#, labelled).outputs["model"] != nil)
    }

    @Test func aTextTargetForRegressionPointsToLogistic() throws {
        let failure = try #require(message("linear", #"{"target": "species", "features": ["x1"]}"#, try Datasets.table(rows)))
        #expect(failure.text.contains("sluice.linear/logistic"))
    }

    @Test func aFractionalTargetForLogisticPointsToRegression() throws {
        let failure = try #require(message("logistic", #"{"features": ["x1", "x2"]}"#, try Datasets.table(rows)))
        #expect(failure.text.contains("not a class label"))
        #expect(failure.text.contains("sluice.linear/linear"))
    }

    @Test func anEmptyTableIsAClearError() throws {
        let table = try ArrowTable(["a": .float64([]), "t": .float64([])], metadata: ["sluice.target": "t"])
        #expect(try #require(message("ridge", "{}", table)).text.contains("no rows"))
    }

    @Test func badHyperparametersAreConfigErrors() throws {
        let table = try Datasets.table(rows)
        let failure = try #require(Linear.failure { try Linear.train("logistic", #"{"target": "species", "features": ["x1"], "C": 0}"#, table) })
        #expect(failure.message.contains("C"))
        let twice = try #require(message("ridge", #"{"features": ["x1", "x1"]}"#, table))
        #expect(twice.text.contains("twice"))
    }

    @Test func notConvergingIsAWarningNotAFailure() throws {
        let run = try Linear.train("logistic", #"{"target": "species", "features": ["x1", "x2", "x3", "x4"], "max_iter": 1, "tol": 1e-12}"#, try Datasets.table(Datasets.rows(200)))
        #expect(run.metrics["converged"] == 0)
        #expect(run.logs(.warning).contains { $0.contains("did not converge") && $0.contains("max_iter") })
        #expect(try run.artifact.value(at: "/training/converged") == .bool(false))
    }
}
