import Foundation

/// The two-sample Kolmogorov–Smirnov test, two-sided, as `scipy.stats.ks_2samp` with its
/// defaults (`alternative='two-sided'`, `method='auto'`).
///
/// - The statistic D is the largest |F₁(v) − F₂(v)| over every value v of either sample,
///   with right-continuous empirical CDFs, so ties within and across samples count
///   correctly.
/// - `auto` picks the exact null distribution when both samples have at most 10,000
///   values, else the asymptotic one. The exact path rounds D to the lattice of
///   multiples of 1/lcm(n₁, n₂) (as scipy does, and reports that D) and counts lattice
///   paths; should that fail numerically it falls back to the asymptotic path.
/// - The asymptotic p-value is P(D_N >= D) of the one-sample distribution with
///   N = n₁n₂/(n₁ + n₂) rounded half to even (`scipy.stats.kstwo.sf(D, round(N))`).
package struct KolmogorovSmirnov: Sendable, Equatable {
    package enum Method: String, Sendable { case exact, asymptotic }

    package var statistic: Double
    package var pValue: Double
    package var method: Method

    /// Samples up to this size get exact p-values under `auto`.
    package static let exactSizeLimit = 10_000

    package static func test(_ first: SortedSample, _ second: SortedSample) throws(DriftStatisticsError) -> KolmogorovSmirnov {
        guard !first.isEmpty else { throw .emptySample("the first sample") }
        guard !second.isEmpty else { throw .emptySample("the second sample") }
        let n1 = first.count, n2 = second.count
        let d = statistic(first.values, second.values)

        if max(n1, n2) <= exactSizeLimit {
            let divisor = greatestCommonDivisor(n1, n2)
            let lcm = (n1 / divisor) * n2
            let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
            let lattice = Double(h) / Double(lcm)
            if h == 0 { return KolmogorovSmirnov(statistic: lattice, pValue: 1, method: .exact) }
            let p = n1 == n2
                ? KolmogorovSmirnovExact.equalSizes(n1, h)
                : KolmogorovSmirnovExact.unequalSizes(n1, n2, divisor, h)
            if p >= 0, p <= 1 { return KolmogorovSmirnov(statistic: lattice, pValue: p, method: .exact) }
        }
        let larger = Double(max(n1, n2)), smaller = Double(min(n1, n2))
        let effective = (larger * smaller / (larger + smaller)).rounded(.toNearestOrEven)
        let p = effective >= 1 ? KolmogorovDistribution.survival(d, Int(effective)) : .nan
        return KolmogorovSmirnov(statistic: d, pValue: min(1, max(0, p)), method: .asymptotic)
    }

    /// max over v of |F₁(v) − F₂(v)|, walking both sorted samples once. Each difference
    /// is i/n₁ − j/n₂ in doubles, as scipy forms it, so D matches it bit for bit.
    static func statistic(_ a: [Double], _ b: [Double]) -> Double {
        let n1 = Double(a.count), n2 = Double(b.count)
        var i = 0, j = 0
        var largest = 0.0, smallest = 0.0
        while i < a.count || j < b.count {
            let v = j == b.count || (i < a.count && a[i] <= b[j]) ? a[i] : b[j]
            while i < a.count, a[i] == v { i += 1 }
            while j < b.count, b[j] == v { j += 1 }
            let difference = Double(i) / n1 - Double(j) / n2
            largest = max(largest, difference)
            smallest = min(smallest, difference)
        }
        return max(largest, min(1, -smallest))
    }

    static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
