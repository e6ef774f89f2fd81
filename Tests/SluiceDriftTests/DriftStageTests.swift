@testable import SluiceArrow
import SluiceDrift
import SluiceSupport
import Testing

/// `sluice.drift/drift` through the host: what it reports, logs and gates on.
@Suite struct DriftStageTests {
    /// 2,000 reference and 1,500 current rows: x and n drawn alike, `shifted` moved by one
    /// sd in current, `city` with the same mix on both sides, `flag` a bool.
    static func tables(shift: Double = 1) throws -> (reference: ArrowTable, current: ArrowTable) {
        var random = SeededNumbers(seed: 3)
        func cities(_ count: Int) -> [String?] { (0..<count).map { _ in ["Oslo", "Lima", "Pune"][Int(random.next() % 3)] } }
        let reference = try table([
            ("x", .float64(random.normals(2_000))),
            ("shifted", .float64(random.normals(2_000))),
            ("n", .int64(random.integers(2_000, below: 20).map { Int64($0) })),
            ("city", .utf8(cities(2_000))),
            ("flag", .bool((0..<2_000).map { $0 % 3 == 0 })),
        ])
        let current = try table([
            ("x", .float64(random.normals(1_500))),
            ("shifted", .float64(random.normals(1_500, mean: shift))),
            ("n", .int64(random.integers(1_500, below: 20).map { Int64($0) })),
            ("city", .dictionary(cities(1_500))),
            ("flag", .bool((0..<1_500).map { $0 % 3 == 0 })),
        ])
        return (reference, current)
    }

    @Test func similarTablesPassWithEveryStatisticReportedAndLogged() throws {
        let (reference, _) = try Self.tables()
        var random = SeededNumbers(seed: 99)
        let current = try table([
            ("x", .float64(random.normals(1_000))), ("shifted", .float64(random.normals(1_000))),
            ("n", .int64(random.integers(1_000, below: 20).map { Int64($0) })),
            ("city", .utf8((0..<1_000).map { ["Oslo", "Lima", "Pune"][$0 % 3] })), ("flag", .bool((0..<1_000).map { $0 % 3 == 0 })),
        ])
        let run = try Drift.run(reference: reference, current: current)
        let report = try run.report()
        #expect(report["drift_detected"] == .bool(false))
        #expect(report["drifted_features"] == .array([]))
        #expect(report["features", 0, "column"] == .string("x"))
        #expect(report["features", 0, "kind"] == .string("numeric"))
        #expect(report["features", 0, "status"] == .string("ok"))
        #expect(report["features", 3, "kind"] == .string("categorical"))
        #expect(report["features", 4, "kind"] == .string("categorical"), "bool columns are categorical")
        #expect(report["features", 0, "statistics", "ks", "method"] == .string("exact"))
        // Every statistic is a metric.
        for name in ["drift.x.psi", "drift.x.ks_statistic", "drift.x.ks_pvalue", "drift.x.null_share", "drift.x.null_share_increase",
                     "drift.city.psi", "drift.city.chi2_statistic", "drift.city.chi2_pvalue", "drift.city.unseen_share", "drift.x.drift"] {
            #expect(run.metrics[name] != nil, "metric \(name)")
        }
        #expect(run.metrics["drift.drifted_features"] == 0)
        #expect(run.metrics["drift.features"] == 5)
    }

    /// The report's numbers are the statistics core's, on the same values.
    @Test func reportedStatisticsAreTheCoresOnTheSameValues() throws {
        let (reference, current) = try Self.tables()
        let report = try Drift.run(#"{"fail_on_drift": false}"#, reference: reference, current: current).report()
        guard case .float64(let a)? = reference.values("shifted"), case .float64(let b)? = current.values("shifted") else {
            Issue.record("fixture columns changed"); return
        }
        let ks = try KolmogorovSmirnov.test(SortedSample(a.compactMap { $0 }), SortedSample(b.compactMap { $0 }))
        let psi = try PopulationStabilityIndex.numeric(reference: SortedSample(a.compactMap { $0 }), current: SortedSample(b.compactMap { $0 }))
        #expect(report["features", 1, "statistics", "ks", "statistic"]?.doubleValue == ks.statistic)
        #expect(report["features", 1, "statistics", "ks", "value"]?.doubleValue == ks.pValue)
        #expect(report["features", 1, "statistics", "psi", "value"]?.doubleValue == psi.value)
        #expect(report["features", 1, "statistics", "psi", "bins"] == .integer(10))
    }

    @Test func driftFailsTheGateNamingOnlyTheDriftedFeatures() throws {
        let (reference, current) = try Self.tables()
        let failure = try #require(try Drift.failure(reference: reference, current: current))
        #expect(failure.error.kind == .gateFailed)
        #expect(failure.error.code.id == "stage.gate-failed")
        #expect(failure.error.message.contains("drift detected in 1 of 5 feature(s): 'shifted' (psi "))
        #expect(failure.error.message.contains("ks p-value"))
        #expect(!failure.error.message.contains("'x'"))
        #expect(failure.error.message.contains("fail_on_drift: false"))
        // The metrics are logged before the gate fails, so the run records them.
        #expect(failure.run.metrics["drift.shifted.drift"] == 1)
        #expect(failure.run.metrics["drift.x.drift"] == 0)
    }

    @Test func withFailOnDriftFalseTheReportListsTheDriftedFeatures() throws {
        let (reference, current) = try Self.tables()
        let run = try Drift.run(#"{"fail_on_drift": false}"#, reference: reference, current: current)
        let report = try run.report()
        #expect(report["drift_detected"] == .bool(true))
        #expect(report["drifted_features"] == .array([.string("shifted")]))
        #expect(report["features", 1, "status"] == .string("drift"))
        #expect(report["features", 1, "drifted_by"] == .array([.string("psi"), .string("ks")]))
        #expect(report["features", 1, "statistics", "ks", "status"] == .string("drift"))
        #expect(report["features", 1, "statistics", "ks", "threshold"]?.doubleValue == 0.05)
        #expect(run.logs(.warning).contains { $0.hasPrefix("drift in 'shifted': psi ") })
    }

    @Test func aNullThresholdReportsTheStatisticWithoutCheckingIt() throws {
        let (reference, current) = try Self.tables()
        let run = try Drift.run(#"{"thresholds": {"psi": null, "ks_pvalue": null}}"#, reference: reference, current: current)
        let report = try run.report()
        #expect(report["drift_detected"] == .bool(false))
        #expect(report["features", 1, "statistics", "psi", "status"] == .string("unchecked"))
        #expect(report["features", 1, "statistics", "psi", "threshold"] == .null)
        #expect(report["thresholds", "chi2_pvalue"]?.doubleValue == 0.05, "the other defaults stay")
    }

    @Test func newCategoriesAndAShiftedMixDriftACategoricalColumn() throws {
        let reference = try table([("city", .utf8(Array(repeating: "Oslo", count: 60) + Array(repeating: "Lima", count: 40)))])
        let current = try table([("city", .dictionary(Array(repeating: "Oslo", count: 30) + Array(repeating: "Lima", count: 50) + Array(repeating: "Rome", count: 20)))])
        let report = try Drift.run(#"{"fail_on_drift": false}"#, reference: reference, current: current).report()
        let city = try #require(report["features", 0, "statistics"])
        #expect(city["unseen_share", "value"]?.doubleValue == 0.2)
        #expect(city["unseen_share", "unseen_categories"] == .array([.string("Rome")]))
        #expect(city["unseen_share", "status"] == .string("drift"))
        let chi2 = try ChiSquaredTest.homogeneity([[60, 40, 0], [30, 50, 20]])
        #expect(city["chi2", "value"]?.doubleValue == chi2.pValue)
        #expect(city["chi2", "dof"] == .integer(2))
    }

    @Test func numberColumnsListedAsCategoricalCompareAsCategories() throws {
        let reference = try table([("grade", .int64([1, 2, 2, 3, 3, 3]))])
        let current = try table([("grade", .int32([1, 2, 3, 4]))])
        let report = try Drift.run(#"{"categorical": ["grade"], "fail_on_drift": false}"#, reference: reference, current: current).report()
        #expect(report["features", 0, "kind"] == .string("categorical"))
        #expect(report["features", 0, "statistics", "unseen_share", "unseen_categories"] == .array([.string("4")]))
    }

    @Test func columnsAndExcludeChooseTheFeatures() throws {
        let (reference, current) = try Self.tables()
        let chosen = try Drift.run(#"{"columns": ["x", "city"]}"#, reference: reference, current: current).report()
        #expect(chosen["features"].map { if case .array(let items) = $0 { items.count } else { 0 } } == 2)
        let excluded = try Drift.run(#"{"exclude": ["shifted"]}"#, reference: reference, current: current).report()
        #expect(excluded["drift_detected"] == .bool(false))
        #expect(excluded["features", 1, "column"] == .string("n"))
    }
}
