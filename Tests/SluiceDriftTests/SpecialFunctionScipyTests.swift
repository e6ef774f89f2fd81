@testable import SluiceDrift
import Testing

/// The special functions under the p-values agree with scipy over grids that cross every
/// method boundary: `kstwo.sf` (Ruben–Gambino, Durbin matrix, Pelz–Good, 2·Smirnov and
/// their cut-offs at n = 140, nx² = 0.754693, 2.2, 4, 18, 370) and `gammaincc` (series
/// and continued fraction, small and large shape).
@Suite struct SpecialFunctionScipyTests {
    static let kolmogorovGrid: [(n: Int, x: Double)] = {
        var grid: [(Int, Double)] = []
        for n in [1, 2, 3, 10, 50, 140, 141, 500, 5_000, 50_000, 100_000, 100_001, 1_000_000, 2_000_000] {
            let root = Double(n).squareRoot()
            // Points chosen by nx² (the cut-offs) and by x itself (the small-t and x >= ½ regions).
            let byNXX = [0.05, 0.3, 0.75, 0.76, 1.2, 2.1, 2.3, 3.9, 4.1, 10, 17.9, 18.1, 100, 369, 371].map { ($0 / Double(n)).squareRoot() }
            let byX = [0.4 / Double(n), 0.7 / Double(n), 1 / Double(n), 1.5 / Double(n), 0.3, 0.5, 0.6, 0.9, 1 - 0.5 / Double(n)]
            for x in byNXX + byX + [0.8 / root] where x > 0 && x < 1 { grid.append((n, x)) }
        }
        return grid
    }()

    static let gammaGrid: [(a: Double, x: Double)] = {
        var grid: [(Double, Double)] = []
        for a in [0.5, 1, 1.5, 2.5, 10, 49.5, 500, 4999.5, 32767.5] {
            for factor in [0.01, 0.3, 0.9, 0.99, 1, 1.01, 1.1, 2, 5] {
                grid.append((a, a * factor))
            }
        }
        return grid + [(0.5, 1e-8), (0.5, 30), (0.5, 300), (1, 700), (2.5, 0.1)]
    }()

    static let smirnovGrid: [(n: Int, x: Double)] = [
        (2, 0.7), (10, 0.3), (10, 0.55), (140, 0.2), (1000, 0.05), (50_000, 0.01), (50_000, 0.05), (1_000_000, 0.002),
        (1_000_001, 0.002), (300, 0.9),
    ]

    static let scipy: Result<ScipyAnswer, Error> = Result {
        try Scipy.answer(ScipyRequest(kstwo: kolmogorovGrid, smirnov: smirnovGrid, gammaincc: gammaGrid))
    }

    @Test func kolmogorovSurvivalMatchesScipyKstwo() throws {
        let expected = try Self.scipy.get().kstwo
        for (index, point) in Self.kolmogorovGrid.enumerated() {
            let actual = KolmogorovDistribution.survival(point.x, point.n)
            #expect(agrees(actual, expected[index]), "kstwo.sf(\(point.x), \(point.n)): \(actual) vs scipy \(expected[index])")
            if expected[index] > 1e-300 {
                #expect(relativelyAgrees(actual, expected[index], within: 1e-9) || agrees(actual, expected[index], within: 1e-15),
                        "kstwo.sf(\(point.x), \(point.n)) relative: \(actual) vs scipy \(expected[index])")
            }
        }
    }

    @Test func upperIncompleteGammaMatchesScipyGammaincc() throws {
        let expected = try Self.scipy.get().gammaincc
        for (index, point) in Self.gammaGrid.enumerated() {
            let actual = IncompleteGamma.upper(point.a, point.x)
            #expect(relativelyAgrees(actual, expected[index], within: 1e-11), "gammaincc(\(point.a), \(point.x)): \(actual) vs scipy \(expected[index])")
        }
    }

    @Test func upperIncompleteGammaOutsideItsDomainIsNaN() {
        #expect(IncompleteGamma.upper(0, 1).isNaN)
        #expect(IncompleteGamma.upper(1, -1).isNaN)
        #expect(IncompleteGamma.upper(1, .nan).isNaN)
        #expect(IncompleteGamma.upper(3, 0) == 1)
    }
}

extension SpecialFunctionScipyTests {
    @Test func smirnovSurvivalMatchesScipySpecialSmirnov() throws {
        let expected = try Self.scipy.get().smirnov
        for (index, point) in Self.smirnovGrid.enumerated() {
            let actual = Smirnov.survival(point.n, point.x)
            #expect(agrees(actual, expected[index]), "smirnov(\(point.n), \(point.x)): \(actual) vs scipy \(expected[index])")
            if expected[index] > 1e-300 {
                #expect(relativelyAgrees(actual, expected[index], within: 1e-9), "smirnov(\(point.n), \(point.x)) relative: \(actual) vs scipy \(expected[index])")
            }
        }
    }
}
