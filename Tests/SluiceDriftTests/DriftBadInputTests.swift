import SluiceSupport
import Testing

/// Bad input to `sluice.drift/drift` gives a clear error or an explicit status, never a trap.
@Suite struct DriftBadInputTests {
    @Test func columnsMissingOnASideAreNamedWithThatSide() throws {
        let reference = try table([("a", .float64([1, 2])), ("b", .float64([1, 2]))])
        let current = try table([("a", .float64([1, 2])), ("c", .float64([1, 2]))])
        let failure = try #require(try Drift.failure(#"{"columns": ["a", "b", "c"]}"#, reference: reference, current: current))
        #expect(failure.error.code.id == "stage.invalid-input")
        #expect(failure.error.message.contains("missing in reference: 'c'"))
        #expect(failure.error.message.contains("missing in current: 'b'"))
    }

    @Test func byDefaultColumnsOfOneSideOnlyAreReportedAndLeftOut() throws {
        let reference = try table([("a", .float64([1, 2, 3])), ("target", .float64([0, 1, 0]))])
        let current = try table([("a", .float64([1, 2, 3])), ("prediction", .float64([0, 1, 1]))])
        let run = try Drift.run(reference: reference, current: current)
        let report = try run.report()
        #expect(report["only_in_reference"] == .array([.string("target")]))
        #expect(report["only_in_current"] == .array([.string("prediction")]))
        #expect(run.logs(.warning).contains("not compared, only in reference: target"))
    }

    @Test func tablesWithNoSharedColumnAreAnError() throws {
        let failure = try #require(try Drift.failure(reference: try table([("a", .float64([1]))]), current: try table([("b", .float64([1]))])))
        #expect(failure.error.message.contains("share no column"))
        #expect(failure.error.message.contains("reference has: 'a'; current has: 'b'"))
    }

    @Test func typesThatCannotBeComparedAreAllNamedAtOnce() throws {
        let reference = try table([("a", .float64([1, 2])), ("b", .utf8(["x", "y"])), ("c", .bool([true, false])), ("d", .int32([1, 2]))])
        let current = try table([("a", .utf8(["1", "2"])), ("b", .int64([1, 2])), ("c", .utf8(["true", "no"])), ("d", .float64([1, 2]))])
        let failure = try #require(try Drift.failure(reference: reference, current: current))
        #expect(failure.error.code.id == "stage.invalid-input")
        #expect(failure.error.message.contains("'a' is float64 in reference but string in current"))
        #expect(failure.error.message.contains("'b' is string in reference but int64 in current"))
        #expect(failure.error.message.contains("'c' is bool in reference but string in current"))
        #expect(!failure.error.message.contains("'d'"), "numbers of any width compare")
    }

    @Test func emptyTablesAreErrorsSayingWhichSide() throws {
        let rows = try table([("a", .float64([1, 2]))]), none = try table([("a", .float64([]))])
        let emptyWindow = try #require(try Drift.failure(reference: rows, current: none))
        #expect(emptyWindow.error.message.contains("the current table has no rows (an empty window)"))
        let emptyReference = try #require(try Drift.failure(reference: none, current: rows))
        #expect(emptyReference.error.message.contains("the reference table has no rows"))
    }

    /// All-null in current: the distribution tests are skipped with a reason, and the null
    /// share jumping from 0 to 1 is the drift.
    @Test func anAllNullCurrentColumnIsDriftInTheNullShare() throws {
        let reference = try table([("a", .float64([1, 2, 3, 4])), ("b", .utf8(["x", "y", "x", "y"]))])
        let current = try table([("a", .float64([nil, nil, .nan])), ("b", .utf8([nil, nil, nil]))])
        let failure = try #require(try Drift.failure(reference: reference, current: current))
        #expect(failure.error.kind == .gateFailed)
        #expect(failure.error.message.contains("'a' (null_share_increase 1 > 0.1)"))
        let report = try Drift.run(#"{"fail_on_drift": false}"#, reference: reference, current: current).report()
        #expect(report["features", 0, "statistics", "ks", "status"] == .string("skipped"))
        #expect(report["features", 0, "statistics", "ks", "reason"] == .string("every current value is null"))
        #expect(report["features", 0, "current", "missing"] == .integer(3), "NaN counts as missing")
        #expect(report["features", 1, "statistics", "chi2", "status"] == .string("skipped"))
    }

    @Test func anAllNullReferenceColumnIsSkippedWithAWarning() throws {
        let reference = try table([("a", .float64([nil, nil]))])
        let current = try table([("a", .float64([1, 2]))])
        let run = try Drift.run(reference: reference, current: current)
        let report = try run.report()
        #expect(report["features", 0, "statistics", "psi", "reason"] == .string("every reference value is null"))
        #expect(report["drift_detected"] == .bool(false))
        #expect(run.logs(.warning).contains { $0.contains("'a'") && $0.contains("every reference value is null") })
    }

    @Test func badConfigIsRefusedWithTheFieldNamed() throws {
        let rows = try table([("a", .float64([1, 2]))])
        let repeated = try #require(try Drift.failure(#"{"columns": ["a", "a"]}"#, reference: rows, current: rows))
        #expect(repeated.error.message.contains("'columns' lists 'a' twice"))
        let both = try #require(try Drift.failure(#"{"columns": ["a"], "exclude": ["a"]}"#, reference: rows, current: rows))
        #expect(both.error.message.contains("in both 'columns' and 'exclude'"))
        let bins = try #require(try Drift.failure(#"{"psi_bins": 1}"#, reference: rows, current: rows))
        #expect(bins.error.message.contains("/psi_bins"))
        let threshold = try #require(try Drift.failure(#"{"thresholds": {"ks_pvalue": 2}}"#, reference: rows, current: rows))
        #expect(threshold.error.message.contains("/thresholds/ks_pvalue"))
    }
}
