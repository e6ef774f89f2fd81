import Foundation
@testable import SluiceArrow
import SluiceTestSupport
import Testing

/// `sluice.gates/equivalence` with the `expected` input instead of `other`: the
/// predictions another implementation made for the same test rows (scikit-learn's,
/// say, for the ONNX export of its pipeline) must match the candidate's, with the same
/// tolerances, agreement and report as when comparing with another model.
@Suite struct EquivalenceExpectedTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
        try TestModel.line(slope: 2, intercept: 1).write(to: folder.file("same.json"))
    }

    /// The line 2x + 1 on x = 1 … 5 predicts 3, 5, 7, 9, 11.
    static let line: [Double] = [3, 5, 7, 9, 11]

    func run(_ config: String = "{}", candidate: TestModel = .line(slope: 2, intercept: 1), test: ArrowTable? = nil,
             expected: ArrowTable) throws -> GateRun {
        try Gates.run("equivalence", config, inputs: ["model": candidate.portValue, "test": .table(test ?? TestTables.line()), "expected": .table(expected)],
                      directory: folder.path)
    }

    /// The threshold 0.5 classifier's probability of "yes" on TestTables.binary()'s x,
    /// as float32 gives it (ONNX runtimes compute in float32).
    static func yes(_ x: Double, threshold: Double = 0.5) -> Double {
        Double(Float(1 / (1 + exp(-(x - threshold) * 4))))
    }

    static let binaryX = [0.1, 0.2, 0.3, 0.6, 0.7, 0.9, 0.8, 0.4]
    /// What the threshold 0.5 classifier predicts on TestTables.binary().
    static let binaryLabels: [String?] = ["no", "no", "no", "yes", "yes", "yes", "yes", "no"]

    static func classified(_ labels: [String?] = binaryLabels, probabilities: Bool = true) throws -> ArrowTable {
        guard probabilities else { return try ArrowTable(["prediction": .utf8(labels)]) }
        return try ArrowTable([
            "prediction": .utf8(labels),
            "probability_yes": .float64(binaryX.map { yes($0) }),
            "probability_no": .float64(binaryX.map { 1 - yes($0) }),
        ])
    }

    @Test func predictionsEqualWithinTheTolerancePass() throws {
        defer { folder.remove() }
        let near = try ArrowTable(["prediction": .float64(Self.line.map { $0 + 1e-7 })])
        let run = try run(#"{"tolerance":1e-6}"#, expected: near)
        #expect(run.passed, "\(run.message)")
        #expect(run.logs(.info).contains { $0.contains("equivalence gate passed: the candidate and the expected predictions give the same predictions on all 5 rows within max(1e-06, 1e-09 × the larger value)") }, "\(run.logs(.info))")
        let report = try run.report("equivalence.json")
        #expect(report["passed"]?.flag == true)
        #expect(report["other"] == nil, "nothing was loaded as 'other'")
        #expect(report["expected", "input"]?.text == "expected")
        #expect(report["expected", "rows"]?.number == 5)
        #expect(report["max_absolute_difference"]?.number.map { abs($0 - 1e-7) < 1e-12 } == true)
        #expect(run.metrics["gate.equivalence"] == 1)
        #expect(run.params["gate.equivalence"]?["expected"]?.text == "input 'expected'")
        // Beyond the default 1e-9, the same table fails.
        #expect(try self.run(expected: near).error?.kind == .gateFailed)
    }

    @Test func classProbabilitiesRoundedToFloat32PassAtFloat32Tolerances() throws {
        defer { folder.remove() }
        let run = try run(#"{"tolerance":1e-5,"relative_tolerance":1e-4}"#, candidate: .threshold(at: 0.5), test: TestTables.binary(), expected: Self.classified())
        #expect(run.passed, "\(run.message)")
        let report = try run.report("equivalence.json")
        #expect(report["probabilities_compared"]?.flag == true)
        #expect(report["expected", "probabilities"]?.flag == true)
        #expect(report["agreement"]?.number == 1)
        #expect(report["classes"]?.array?.compactMap(\.text) == ["no", "yes"])
        // float64 against float32: a difference of about 1e-8, beyond the default 1e-9.
        let strict = try self.run(candidate: .threshold(at: 0.5), test: TestTables.binary(), expected: Self.classified())
        #expect(strict.message.contains("the candidate and the expected predictions give class probabilities that differ beyond max(1e-09, 1e-09 × the larger value)"), "\(strict.message)")
    }

    @Test func predictionsBeyondTheToleranceFailNamingTheWorstRows() throws {
        defer { folder.remove() }
        // Rows 3 and 4 differ by 0.5 and 2.
        let expected = try ArrowTable(["prediction": .float64([3, 5, 7, 9.5, 13])])
        let run = try run(#"{"tolerance":0.1}"#, expected: expected)
        let error = try #require(run.error)
        #expect(error.kind == .gateFailed)
        #expect(error.message.contains("equivalence gate failed: the candidate and the expected predictions give predictions that differ beyond max(0.1, 1e-09 × the larger value) on 2 of 5 rows; the worst, row 4: the candidate predicts 11 and the expected predictions 13 (difference 2, allowed 0.1)"), "\(error.message)")
        #expect(run.metrics["gate.equivalence"] == 0)
        #expect(run.metrics["equivalence.rows_beyond_tolerance"] == 2)
        let report = try run.report("equivalence.json")
        #expect(report["passed"]?.flag == false)
        let worst = try #require(report["worst_rows"]?.array)
        #expect(worst.compactMap { $0["row"]?.number } == [4, 3], "rows predicted alike are left out, largest difference first")
        #expect(worst[0]["candidate"]?.number == 11 && worst[0]["other"]?.number == 13)
    }

    @Test func labelsMustAgreeOnAtLeastMinAgreementOfTheRows() throws {
        defer { folder.remove() }
        // Row 3 flipped, no probabilities: only the labels are compared; 7 of 8 agree.
        var labels = Self.binaryLabels
        labels[3] = "no"
        let expected = try Self.classified(labels, probabilities: false)
        let below = try run(#"{"min_agreement":0.9}"#, candidate: .threshold(at: 0.5), test: TestTables.binary(), expected: expected)
        let error = try #require(below.error)
        #expect(error.kind == .gateFailed)
        #expect(error.message.contains("the candidate and the expected predictions are compared on their labels only"), "\(error.message)")
        #expect(error.message.contains("agree on the label of 7 of 8 rows (87.5%), less than min_agreement 0.9"), "\(error.message)")
        #expect(error.message.contains("the worst, row 3: the candidate predicts 'yes' and the expected predictions 'no'"), "\(error.message)")
        let report = try below.report("equivalence.json")
        #expect(report["probabilities_compared"]?.flag == false)
        #expect(report["worst_rows", 0, "row"]?.number == 3)
        #expect(report["worst_rows", 0, "same_label"]?.flag == false)

        let enough = try run(#"{"min_agreement":0.85}"#, candidate: .threshold(at: 0.5), test: TestTables.binary(), expected: expected)
        #expect(enough.passed, "\(enough.message)")
        #expect(enough.metrics["equivalence.agreement"] == 0.875)
    }

    @Test func labelsMatchTheCandidatesClassesAsNumbersToo() throws {
        defer { folder.remove() }
        // Classes "0" / "1"; pandas writes integer labels, and probability_1.0 names class "1".
        let candidate = TestModel.threshold(at: 0.5, classes: ["0", "1"], labelType: "int64")
        let test = try ArrowTable(["x": .float64(Self.binaryX), "y": .int64([0, 0, 0, 1, 1, 1, 0, 1])], metadata: ["sluice.target": "y"])
        let expected = try ArrowTable([
            "prediction": .float64(Self.binaryLabels.map { $0 == "yes" ? 1 : 0 }),
            "probability_1.0": .float64(Self.binaryX.map { Self.yes($0) }),
            "probability_0": .float64(Self.binaryX.map { 1 - Self.yes($0) }),
        ])
        let run = try run(#"{"tolerance":1e-5}"#, candidate: candidate, test: test, expected: expected)
        #expect(run.passed, "\(run.message)")
    }

    @Test func exactlyOneOfOtherAndExpectedIsGiven() throws {
        defer { folder.remove() }
        let expected = try ArrowTable(["prediction": .float64(Self.line)])
        let both = try run(#"{"other":"same.json"}"#, expected: expected)
        #expect(both.error?.code.id == "stage.invalid-config", "not a failed gate")
        #expect(both.message.contains("both 'other' and the 'expected' input give what to compare the candidate with; keep one"), "\(both.message)")
        #expect(both.artifacts["equivalence.json"] == nil, "nothing was compared")
    }

    @Test(arguments: [
        ("prediction", ArrowValues.float64([3, 5, 7, 9]), "the 'expected' table has 4 rows and the test table 5: it must hold one prediction per test row, in the same order"),
        ("predicted", .float64([3, 5, 7, 9, 11]), "the 'expected' table has no 'prediction' column; its columns are: predicted"),
        ("prediction", .float64([3, 5, nil, 9, 11]), "the 'expected' table's 'prediction' column has 1 null(s)"),
        ("prediction", .utf8(["3", "5", "7", "9", "11"]), "the 'expected' table's 'prediction' column is string, but the candidate does regression"),
    ])
    func aTableThatCannotBeTheRegressorsPredictionsIsBadInput(column: String, values: ArrowValues, message: String) throws {
        defer { folder.remove() }
        let run = try run(expected: try ArrowTable([column: values]))
        #expect(run.error?.code.id == "stage.invalid-input", "\(run.message)")
        #expect(run.message.contains(message), "\(run.message)")
    }

    @Test func aProbabilityColumnForAClassTheCandidateDoesNotKnowIsBadInput() throws {
        defer { folder.remove() }
        let unknown = try ArrowTable([
            "prediction": .utf8(Self.binaryLabels),
            "probability_yes": .float64(Self.binaryX.map { Self.yes($0) }),
            "probability_no": .float64(Self.binaryX.map { 1 - Self.yes($0) }),
            "probability_maybe": .float64(Self.binaryX.map { _ in 0 }),
        ])
        let run = try run(candidate: .threshold(at: 0.5), test: TestTables.binary(), expected: unknown)
        #expect(run.error?.code.id == "stage.invalid-input", "\(run.message)")
        #expect(run.message.contains("the 'expected' table has column 'probability_maybe', but 'maybe' is not among the candidate's classes 'no', 'yes': name one column probability_<label> per class of the model"), "\(run.message)")
    }

    @Test func probabilitiesForSomeClassesOnlyAreBadInput() throws {
        defer { folder.remove() }
        let partial = try ArrowTable(["prediction": .utf8(Self.binaryLabels), "probability_yes": .float64(Self.binaryX.map { Self.yes($0) })])
        let run = try run(candidate: .threshold(at: 0.5), test: TestTables.binary(), expected: partial)
        #expect(run.error?.code.id == "stage.invalid-input", "\(run.message)")
        #expect(run.message.contains("the 'expected' table has no probability column for class(es) 'no': give 'probability_no' too, or no probability column at all to compare the labels only"), "\(run.message)")
    }

    @Test func aLabelTheCandidateDoesNotKnowIsBadInput() throws {
        defer { folder.remove() }
        var labels = Self.binaryLabels
        labels[0] = "maybe"
        let run = try run(candidate: .threshold(at: 0.5), test: TestTables.binary(), expected: try Self.classified(labels, probabilities: false))
        #expect(run.error?.code.id == "stage.invalid-input")
        #expect(run.message.contains("the 'expected' table predicts 'maybe', which are not among the candidate's classes 'no', 'yes'"), "\(run.message)")
    }
}
