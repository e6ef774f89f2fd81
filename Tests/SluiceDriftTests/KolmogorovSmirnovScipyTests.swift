import SluiceDrift
import Testing

/// The two-sample KS test agrees with `scipy.stats.ks_2samp` (defaults: two-sided,
/// method='auto') to 1e-9 on the statistic and the p-value, on both of scipy's paths:
/// exact (both samples <= 10,000 values) and asymptotic (kstwo.sf at the effective size).
@Suite struct KolmogorovSmirnovScipyTests {
    struct Case {
        var label: String
        var a: [Double]
        var b: [Double]
        var method: KolmogorovSmirnov.Method
    }

    static let cases: [Case] = {
        var random = SeededNumbers(seed: 8)
        return [
            Case(label: "tiny unequal sizes 5 vs 7", a: random.normals(5), b: random.normals(7, mean: 1), method: .exact),
            Case(label: "tiny equal sizes 8 vs 8", a: random.normals(8), b: random.normals(8, mean: 0.5), method: .exact),
            Case(label: "3 vs 40", a: random.normals(3, mean: 2), b: random.normals(40), method: .exact),
            Case(label: "equal sizes 250, shifted", a: random.normals(250), b: random.normals(250, mean: 0.3), method: .exact),
            Case(label: "100 vs 80, same distribution", a: random.normals(100), b: random.normals(80), method: .exact),
            Case(label: "1000 vs 1500, wider", a: random.normals(1000), b: random.normals(1500, sd: 1.2), method: .exact),
            Case(label: "ties: 600 vs 900 integers in 0..<10", a: random.integers(600, below: 10), b: random.integers(900, below: 10), method: .exact),
            Case(label: "10,000 vs 9,999 (largest exact)", a: random.normals(10_000), b: random.normals(9_999, mean: 0.02), method: .exact),
            Case(label: "identical samples: D = 0, p = 1", a: [1, 2, 3, 4], b: [4, 3, 2, 1], method: .exact),
            Case(label: "disjoint samples: D = 1", a: random.normals(20), b: random.normals(30, mean: 100), method: .exact),
            Case(label: "12,000 vs 11,000, shifted 0.05", a: random.normals(12_000), b: random.normals(11_000, mean: 0.05), method: .asymptotic),
            Case(label: "15,000 vs 15,000, same distribution", a: random.normals(15_000), b: random.normals(15_000), method: .asymptotic),
            Case(label: "20,000 vs 30 (effective size 30)", a: random.normals(20_000), b: random.normals(30, mean: 0.4), method: .asymptotic),
            Case(label: "10,001 vs 150 (effective size 148)", a: random.normals(10_001), b: random.normals(150, mean: 0.1), method: .asymptotic),
            Case(label: "20,000 vs 20,000, shifted 0.2 (tiny p)", a: random.normals(20_000), b: random.normals(20_000, mean: 0.2), method: .asymptotic),
            Case(label: "ties: 30,000 vs 20,000 integers in 0..<50", a: random.integers(30_000, below: 50), b: random.integers(20_000, below: 50), method: .asymptotic),
        ]
    }()

    static let scipy: Result<ScipyAnswer, Error> = Result {
        try Scipy.answer(ScipyRequest(ks: cases.map { ($0.a, $0.b) }))
    }

    @Test(arguments: cases.indices)
    func statisticAndPValueMatchScipy(_ index: Int) throws {
        let c = Self.cases[index]
        let expected = try Self.scipy.get().ks[index]
        let result = try KolmogorovSmirnov.test(SortedSample(c.a), SortedSample(c.b))
        #expect(result.method == c.method, "\(c.label)")
        #expect(agrees(result.statistic, expected.statistic), "\(c.label): D \(result.statistic) vs scipy \(expected.statistic)")
        #expect(agrees(result.pValue, expected.pValue), "\(c.label): p \(result.pValue) vs scipy \(expected.pValue)")
        if expected.pValue > 1e-300 {
            #expect(relativelyAgrees(result.pValue, expected.pValue, within: 1e-9), "\(c.label): p \(result.pValue) vs scipy \(expected.pValue)")
        }
    }

    @Test func anEmptySampleIsAnErrorNotATrap() {
        #expect(throws: DriftStatisticsError.emptySample("the second sample")) {
            try KolmogorovSmirnov.test(SortedSample([1, 2]), SortedSample([.nan]))
        }
    }
}
