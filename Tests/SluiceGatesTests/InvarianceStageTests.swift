import Foundation
import Testing

/// `sluice.gates/invariance`: a behaviour test that perturbs one column.
@Suite struct InvarianceStageTests {
    @Test func aColumnTheModelIgnoresMovesNothing() throws {
        let run = try Gates.run("invariance", #"{"column":"z","perturbation":{"multiply":1.05}}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(run.passed, "\(run.message)")
        let report = try run.report("invariance.json")
        #expect(report["inputs_changed"]?.number == 5)
        #expect(report["rows_beyond_tolerance"]?.number == 0)
        #expect(report["perturbation"]?.text == "multiply by 1.05")
        #expect(run.metrics["gate.invariance"] == 1)
    }

    @Test func changesWithinTheTolerancePass() throws {
        // 2x moves by 2 × 0.1 = 0.2 on every row.
        let run = try Gates.run("invariance", #"{"column":"x","perturbation":{"add":0.1},"tolerance":0.25}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(run.passed, "\(run.message)")
        #expect(run.metrics["invariance.max_change"].map { abs($0 - 0.2) < 1e-12 } == true)
    }

    @Test func changesBeyondTheToleranceFailNamingRowsAndTheWorstChange() throws {
        // Multiplying x by 1.1 moves 2x by 0.2x: 0.2 … 1.0; beyond 0.5 on x = 3, 4, 5.
        let run = try Gates.run("invariance", #"{"column":"x","perturbation":{"multiply":1.1},"tolerance":0.5}"#, model: .line(slope: 2), test: TestTables.line())
        let error = try #require(run.error)
        #expect(error.kind == .gateFailed)
        #expect(error.message.contains("invariance gate failed: perturbing 'x' (multiply by 1.1) moved the prediction of 3 of 5 rows by more than the tolerance 0.5; the worst, row 4, moved from 10 to 11 (change 1)"), "\(error.message)")
        #expect(run.metrics["invariance.rows_beyond_tolerance"] == 3)
        #expect(run.metrics["gate.invariance"] == 0)
        let report = try run.report("invariance.json")
        #expect(report["worst", "row"]?.number == 4)
        #expect(report["passed"]?.flag == false)
    }

    @Test func classifiersAreCheckedOnProbabilitiesAndFlippedLabels() throws {
        // Adding 0.25 to x moves rows 2 (0.3) and 7 (0.4) across the threshold 0.5.
        let flips = try Gates.run("invariance", #"{"column":"x","perturbation":{"add":0.25},"tolerance":1}"#, model: .threshold(at: 0.5), test: TestTables.binary())
        #expect(flips.error?.kind == .gateFailed)
        #expect(flips.message.contains("flipped the label of 2 of 8 rows (25%), more than max_flipped 0"), "\(flips.message)")
        let allowed = try Gates.run("invariance", #"{"column":"x","perturbation":{"add":0.25},"tolerance":1,"max_flipped":0.25}"#, model: .threshold(at: 0.5), test: TestTables.binary())
        #expect(allowed.passed, "\(allowed.message)")
        #expect(allowed.metrics["invariance.flipped_share"] == 0.25)
        let strict = try Gates.run("invariance", #"{"column":"x","perturbation":{"add":0.25},"tolerance":0.1,"max_flipped":1}"#, model: .threshold(at: 0.5), test: TestTables.binary())
        #expect(strict.message.contains("moved a class probability of"), "\(strict.message)")
        #expect(strict.message.contains("the worst, row 7, moved (probability of 'no') from 0.5987 to 0.3543"), "\(strict.message)")
    }

    @Test func textColumnsArePerturbedWithReplaceOrSet() throws {
        let replaced = try Gates.run("invariance", #"{"column":"city","perturbation":{"replace":{"Oslo":"Bergen"}}}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(replaced.passed, "\(replaced.message)")
        #expect(try replaced.report("invariance.json")["inputs_changed"]?.number == 2)
        let set = try Gates.run("invariance", #"{"column":"city","perturbation":{"set":"Lima"}}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(try set.report("invariance.json")["inputs_changed"]?.number == 3)
        let setNumber = try Gates.run("invariance", #"{"column":"x","perturbation":{"set":3},"tolerance":4}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(setNumber.passed, "\(setNumber.message)")
    }

    @Test func perturbationsThatDoNotFitTheColumnAreConfigErrors() throws {
        let two = try Gates.run("invariance", #"{"column":"x","perturbation":{"add":1,"multiply":2}}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(two.error?.kind == .config)
        #expect(two.message.contains("'perturbation' needs exactly one of add, multiply, set or replace (found 2)"), "\(two.message)")
        let text = try Gates.run("invariance", #"{"column":"city","perturbation":{"add":1}}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(text.message.contains("the perturbation (add 1) does not fit column 'city': it is string, and add and multiply need a number column"), "\(text.message)")
        let replaceNumbers = try Gates.run("invariance", #"{"column":"x","perturbation":{"replace":{"1":"2"}}}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(replaceNumbers.message.contains("replace works on text columns"), "\(replaceNumbers.message)")
        let missing = try Gates.run("invariance", #"{"column":"sqft","perturbation":{"add":1}}"#, model: .line(slope: 2), test: TestTables.line())
        #expect(missing.message.contains("no column 'sqft' to perturb; its columns are: x, z, city, y"), "\(missing.message)")
    }
}
