/// Pearson's chi-squared test of homogeneity on a contingency table, as
/// `scipy.stats.chi2_contingency(observed)` with its defaults (`correction=True`,
/// Pearson's statistic): expected counts from the margins, (R−1)(C−1) degrees of
/// freedom, and with exactly one degree of freedom Yates' correction (each observed
/// count moved up to 0.5 towards its expected count). With zero degrees of freedom
/// (one row or one column) the statistic is 0 and the p-value 1.
///
/// For drift the rows are the reference and current samples and the columns the
/// categories seen in either.
package struct ChiSquaredTest: Sendable, Equatable {
    package var statistic: Double
    package var pValue: Double
    package var degreesOfFreedom: Int

    /// `observed[row][column]`: counts (non-negative, every row as long as the first).
    package static func homogeneity(_ observed: [[Double]]) throws(DriftStatisticsError) -> ChiSquaredTest {
        guard let width = observed.first?.count, width > 0 else {
            throw .invalidParameter("a contingency table needs at least one row and one column")
        }
        guard observed.allSatisfy({ $0.count == width }) else {
            throw .invalidParameter("every row of a contingency table must have \(width) counts")
        }
        guard observed.allSatisfy({ $0.allSatisfy { $0 >= 0 && $0.isFinite } }) else {
            throw .invalidParameter("contingency table counts must be finite and non-negative")
        }
        let rowSums = observed.map { $0.reduce(0, +) }
        let columnSums = (0..<width).map { column in observed.reduce(0) { $0 + $1[column] } }
        let total = rowSums.reduce(0, +)
        var expected = observed
        for (r, rowSum) in rowSums.enumerated() {
            for (c, columnSum) in columnSums.enumerated() {
                expected[r][c] = rowSum * columnSum / total
                if !(expected[r][c] > 0) {
                    throw .zeroExpectedFrequency(rowSum == 0 ? "row \(r) (no values)" : "column \(c) (a category with no values)")
                }
            }
        }
        let dof = (observed.count - 1) * (width - 1)
        if dof == 0 { return ChiSquaredTest(statistic: 0, pValue: 1, degreesOfFreedom: 0) }

        var statistic = 0.0
        for r in observed.indices {
            for c in 0..<width {
                var count = observed[r][c]
                let expect = expected[r][c]
                if dof == 1 {
                    // Yates: move each count towards its expectation by at most ½.
                    let gap = expect - count
                    count += min(0.5, abs(gap)) * (gap > 0 ? 1 : gap < 0 ? -1 : 0)
                }
                statistic += (count - expect) * (count - expect) / expect
            }
        }
        let p = IncompleteGamma.chiSquaredSurvival(statistic, degreesOfFreedom: Double(dof))
        return ChiSquaredTest(statistic: statistic, pValue: p, degreesOfFreedom: dof)
    }

    /// The test on two samples' category counts: columns are the categories of either.
    package static func homogeneity(reference: CategoryCounts, current: CategoryCounts) throws(DriftStatisticsError) -> ChiSquaredTest {
        guard reference.total > 0 else { throw .emptySample("the reference sample") }
        guard current.total > 0 else { throw .emptySample("the current sample") }
        let categories = reference.categories + current.categories(notIn: reference)
        return try homogeneity([
            categories.map { Double(reference.count(of: $0)) },
            categories.map { Double(current.count(of: $0)) },
        ])
    }
}
