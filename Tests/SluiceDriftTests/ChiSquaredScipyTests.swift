import SluiceDrift
import Testing

/// The chi-squared test of homogeneity agrees with `scipy.stats.chi2_contingency`
/// (defaults: Yates' correction when dof = 1) to 1e-9 on the statistic and p-value.
@Suite struct ChiSquaredScipyTests {
    static let tables: [(label: String, table: [[Double]])] = [
        ("2×2 with Yates' correction", [[30, 70], [45, 55]]),
        ("2×2 where a cell is within ½ of its expectation", [[10, 10], [10, 11]]),
        ("2×2, large counts", [[50_000, 50_000], [49_000, 51_000]]),
        ("2×5", [[12, 30, 18, 25, 15], [20, 22, 18, 30, 10]]),
        ("2×50, large", ChiSquaredScipyTests.generated(columns: 50, base: 1_000, spread: 400, step: 37, rowStep: 101)),
        ("3×4", [[10, 20, 30, 40], [15, 25, 25, 35], [30, 10, 20, 40]]),
        ("2×3, strong drift (tiny p)", [[5_000, 3_000, 2_000], [2_000, 3_000, 5_000]]),
        ("2×1: zero degrees of freedom", [[5], [8]]),
        ("2×2000 (many categories)", ChiSquaredScipyTests.generated(columns: 2_000, base: 50, spread: 29, step: 13, rowStep: 7)),
    ]

    /// Two rows of counts base + (column·step + row·rowStep) mod spread: varied, never zero.
    static func generated(columns: Int, base: Int, spread: Int, step: Int, rowStep: Int) -> [[Double]] {
        var rows: [[Double]] = []
        for row in 0..<2 {
            var counts: [Double] = []
            for column in 0..<columns { counts.append(Double(base + (column * step + row * rowStep) % spread)) }
            rows.append(counts)
        }
        return rows
    }

    @Test func statisticAndPValueMatchScipy() throws {
        let expected = try Scipy.answer(ScipyRequest(chi2: Self.tables.map(\.table))).chi2
        for (index, c) in Self.tables.enumerated() {
            let result = try ChiSquaredTest.homogeneity(c.table)
            #expect(result.degreesOfFreedom == expected[index].dof, "\(c.label)")
            #expect(agrees(result.statistic, expected[index].statistic), "\(c.label): χ² \(result.statistic) vs scipy \(expected[index].statistic)")
            #expect(agrees(result.pValue, expected[index].pValue), "\(c.label): p \(result.pValue) vs scipy \(expected[index].pValue)")
            if expected[index].pValue > 1e-300 {
                #expect(relativelyAgrees(result.pValue, expected[index].pValue, within: 1e-9), "\(c.label): p \(result.pValue) vs scipy \(expected[index].pValue)")
            }
        }
    }

    /// Columns are the categories of either sample, reference first.
    @Test func categoryCountsBecomeATwoRowTable() throws {
        let reference = CategoryCounts(["a", "a", "b", "c"])
        let current = CategoryCounts(["b", "d", "a"])
        let direct = try ChiSquaredTest.homogeneity([[2, 1, 1, 0], [1, 1, 0, 1]])
        #expect(try ChiSquaredTest.homogeneity(reference: reference, current: current) == direct)
    }

    @Test func aCategoryNoRowHasIsAnErrorNotATrap() {
        #expect(throws: DriftStatisticsError.self) { try ChiSquaredTest.homogeneity([[1, 0], [2, 0]]) }
        #expect(throws: DriftStatisticsError.self) { try ChiSquaredTest.homogeneity([[1, -1], [2, 3]]) }
        #expect(throws: DriftStatisticsError.self) { try ChiSquaredTest.homogeneity([]) }
    }
}
