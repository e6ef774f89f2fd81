import Foundation
@testable import SluiceArrow
import SluiceTestSupport
import Testing

/// `sluice.gates/equivalence`: another form of the model (a file, a digest, a
/// registered version, a bundle) must predict what the candidate predicts on the same
/// test table, within a tolerance.
@Suite struct EquivalenceStageTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
        try TestModel.line(slope: 2, intercept: 1).write(to: folder.file("same.json"))
        // 2x + 1 + 1e-7: every prediction is 1e-7 away.
        try TestModel.line(slope: 2, intercept: 1.0000001).write(to: folder.file("near.json"))
        // 2.5x + 1: 0.5x away, 0.5 … 2.5 on x = 1 … 5.
        try TestModel.line(slope: 2.5, intercept: 1).write(to: folder.file("other.json"))
        try TestModel.threshold(at: 0.5).write(to: folder.file("classifier.json"))
        try TestModel.threshold(at: 0.65).write(to: folder.file("later.json"))
        try TestModel.threshold(at: 0.5, classes: ["no", "maybe"]).write(to: folder.file("other_classes.json"))
    }

    func run(_ config: String, candidate: TestModel = .line(slope: 2, intercept: 1), test: ArrowTable? = nil) throws -> GateRun {
        try Gates.run("equivalence", config, model: candidate, test: test ?? TestTables.line(), directory: folder.path)
    }

    @Test func theSameModelPasses() throws {
        defer { folder.remove() }
        let run = try run(#"{"other":"same.json"}"#)
        #expect(run.passed, "\(run.message)")
        #expect(run.logs(.info).contains { $0.contains("equivalence gate passed: the candidate and 'same.json' give the same predictions on all 5 rows within max(1e-09, 1e-09 × the larger value) (largest difference 0)") }, "\(run.logs(.info))")
        let report = try run.report("equivalence.json")
        #expect(report["passed"]?.flag == true)
        #expect(report["rows"]?.number == 5)
        #expect(report["task"]?.text == "regression")
        #expect(report["other", "reference"]?.text == "same.json")
        #expect(report["other", "format"]?.text == "sluice.test-regressor/1")
        #expect(report["max_absolute_difference"]?.number == 0)
        #expect(report["max_relative_difference"]?.number == 0)
        #expect(report["tolerance"]?.number == 1e-9 && report["relative_tolerance"]?.number == 1e-9)
        #expect(report["worst_rows"]?.array?.isEmpty == true)
        #expect(run.metrics["gate.equivalence"] == 1)
        #expect(run.metrics["equivalence.max_absolute_difference"] == 0)
        #expect(run.params["gate.equivalence"]?["passed"]?.flag == true)
    }

    @Test func differencesWithinTheToleranceOrTheRelativeTolerancePass() throws {
        defer { folder.remove() }
        let strict = try run(#"{"other":"near.json"}"#)
        #expect(strict.error?.kind == .gateFailed, "1e-7 is beyond the default 1e-9")
        let absolute = try run(#"{"other":"near.json","tolerance":1e-6}"#)
        #expect(absolute.passed, "\(absolute.message)")
        let report = try absolute.report("equivalence.json")
        #expect(report["max_absolute_difference"]?.number.map { abs($0 - 1e-7) < 1e-12 } == true)
        // Relatively, row 0 (3 and 3 + 1e-7) differs most: about 1e-7 / 3.
        #expect(report["max_relative_difference"]?.number.map { abs($0 - 1e-7 / 3) < 1e-12 } == true, "\(report)")
        #expect(report["worst_rows", 0, "within_tolerance"]?.flag == true)
        // 1e-7 ≤ 1e-7 × 3, the smallest prediction: every row within the relative tolerance.
        let relative = try run(#"{"other":"near.json","tolerance":0,"relative_tolerance":1e-7}"#)
        #expect(relative.passed, "\(relative.message)")
    }

    @Test func aDifferentModelFailsTheGateNamingTheWorstRows() throws {
        defer { folder.remove() }
        let run = try run(#"{"other":"other.json","tolerance":0.75}"#)
        let error = try #require(run.error)
        #expect(error.kind == .gateFailed)
        // Differences 0.5, 1, 1.5, 2, 2.5: rows 1–4 beyond 0.75.
        #expect(error.message.contains("equivalence gate failed: the candidate and 'other.json' give predictions that differ beyond max(0.75, 1e-09 × the larger value) on 4 of 5 rows; the worst, row 4: the candidate predicts 11 and 'other.json' 13.5 (difference 2.5, allowed 0.75)"), "\(error.message)")
        #expect(run.metrics["gate.equivalence"] == 0)
        #expect(run.metrics["equivalence.rows_beyond_tolerance"] == 4)
        let report = try run.report("equivalence.json")
        #expect(report["passed"]?.flag == false)
        #expect(report["max_absolute_difference"]?.number == 2.5)
        #expect(report["max_relative_difference"]?.number.map { abs($0 - 2.5 / 13.5) < 1e-12 } == true)
        let worst = try #require(report["worst_rows"]?.array)
        #expect(worst.compactMap { $0["row"]?.number } == [4, 3, 2, 1, 0], "beyond the tolerance first, largest difference first")
        #expect(worst[0]["candidate"]?.number == 11 && worst[0]["other"]?.number == 13.5 && worst[0]["difference"]?.number == 2.5)
        #expect(worst[4]["within_tolerance"]?.flag == true)
    }

    @Test func theWorstRowsAreAtMostTen() throws {
        defer { folder.remove() }
        let x = (0..<25).map(Double.init)
        let table = try ArrowTable(["x": .float64(x), "y": .float64(x.map { 2 * $0 + 1 })], metadata: ["sluice.target": "y"])
        let run = try run(#"{"other":"other.json"}"#, test: table)
        #expect(run.error?.kind == .gateFailed)
        let worst = try #require(try run.report("equivalence.json")["worst_rows"]?.array)
        #expect(worst.count == 10)
        #expect(worst.first?["row"]?.number == 24)
        #expect(run.message.contains("on 24 of 25 rows"), "row 0 (x = 0) is the same: \(run.message)")
    }

    @Test func classifiersMustAgreeOnAtLeastMinAgreementOfTheLabels() throws {
        defer { folder.remove() }
        // Thresholds 0.5 and 0.65 disagree on row 3 (x = 0.6) only: 7 of 8 labels agree.
        // The probabilities differ by up to 0.149 (row 3), within the tolerance 0.2.
        let below = try run(#"{"other":"later.json","tolerance":0.2,"min_agreement":0.9}"#, candidate: .threshold(at: 0.5), test: TestTables.binary())
        let error = try #require(below.error)
        #expect(error.kind == .gateFailed)
        #expect(error.message.contains("agree on the label of 7 of 8 rows (87.5%), less than min_agreement 0.9"), "\(error.message)")
        // Both classes' probabilities move by 0.1485 (p and 1 − p): either may be named.
        #expect(error.message.contains("the worst, row 3: the candidate predicts 'yes' and 'later.json' 'no', the probability of '"), "\(error.message)")
        #expect(error.message.contains("(difference 0.1485, allowed 0.2)"), "\(error.message)")
        #expect(below.metrics["equivalence.agreement"] == 0.875)
        let report = try below.report("equivalence.json")
        #expect(report["agreement"]?.number == 0.875)
        #expect(report["agreeing_rows"]?.number == 7)
        #expect(report["classes"]?.array?.compactMap(\.text) == ["no", "yes"])
        #expect(report["probabilities_compared"]?.flag == true)
        #expect(report["worst_rows", 0, "row"]?.number == 3)
        #expect(report["worst_rows", 0, "same_label"]?.flag == false)
        #expect(report["worst_rows", 0, "candidate"]?.text == "yes" && report["worst_rows", 0, "other"]?.text == "no")

        let enough = try run(#"{"other":"later.json","tolerance":0.2,"min_agreement":0.85}"#, candidate: .threshold(at: 0.5), test: TestTables.binary())
        #expect(enough.passed, "\(enough.message)")
        // The probabilities are compared too: with the default tolerance they differ on every row.
        let strict = try run(#"{"other":"later.json","min_agreement":0.5}"#, candidate: .threshold(at: 0.5), test: TestTables.binary())
        #expect(strict.message.contains("give class probabilities that differ beyond max(1e-09, 1e-09 × the larger value) on 8 of 8 rows"), "\(strict.message)")
        let same = try run(#"{"other":"classifier.json"}"#, candidate: .threshold(at: 0.5), test: TestTables.binary())
        #expect(same.passed, "\(same.message)")
        #expect(same.metrics["equivalence.agreement"] == 1)
    }

    @Test func modelsOfDifferentTasksOrClassesAreAnError() throws {
        defer { folder.remove() }
        let task = try run(#"{"other":"classifier.json"}"#)
        #expect(task.error?.code.id == "stage.invalid-config", "a configuration error, not a failed gate")
        #expect(task.message.contains("'other' ('classifier.json') does classification and the candidate does regression: they cannot be compared"), "\(task.message)")
        let classes = try run(#"{"other":"other_classes.json"}"#, candidate: .threshold(at: 0.5), test: TestTables.binary())
        #expect(classes.error?.code.id == "stage.invalid-config")
        #expect(classes.message.contains("the candidate's classes 'no', 'yes' are not the other model's 'no', 'maybe'"), "\(classes.message)")
    }

    @Test func aMissingOtherIsAnError() throws {
        defer { folder.remove() }
        let nothing = try run(#"{"other":"models/nothing.json"}"#)
        #expect(nothing.error?.code.id == "stage.invalid-config", "not a failed gate, and not a pass")
        #expect(nothing.message.contains("'other' names no model: nothing at 'models/nothing.json' to compare the candidate with"), "\(nothing.message)")
        #expect(nothing.artifacts["equivalence.json"] == nil, "nothing was compared")
        // Neither `other` nor the `expected` input: nothing to compare with.
        let unset = try run("{}")
        #expect(unset.error?.code.id == "stage.invalid-config")
        #expect(unset.message.contains("nothing to compare the candidate with: set 'other'"), "\(unset.message)")
        #expect(unset.message.contains("or connect the 'expected' input"), "\(unset.message)")
    }

    @Test func anOtherThatIsNoModelFailsOnTheHostsMessage() throws {
        defer { folder.remove() }
        try folder.write("broken.json", "{}")
        let run = try run(#"{"other":"broken.json"}"#)
        #expect(run.message.contains("the other model 'broken.json' cannot be loaded"), "\(run.message)")
        #expect(run.message.contains("no plugin loads this model"), "\(run.message)")
    }
}
