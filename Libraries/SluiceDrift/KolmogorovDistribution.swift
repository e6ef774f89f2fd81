import Foundation

/// The two-sided one-sample Kolmogorov–Smirnov distribution of Dₙ, as
/// `scipy.stats.kstwo`: the two-sample test's asymptotic p-value is `survival(d, n)`
/// with n the rounded effective size. Which method computes which region follows
/// Simard & L'Ecuyer ("Computing the two-sided Kolmogorov–Smirnov distribution",
/// J. Stat. Softw. 39(11), 2011) with scipy's cut-offs, so that the approximations
/// (Pelz–Good, 2·Smirnov) are used exactly where scipy uses them and p-values agree
/// to rounding. Where scipy runs Pomeranz's recursion (n <= 140, 0.754693 < nx² <= 4)
/// this uses the Durbin matrix instead: both are exact, so only rounding differs.
package enum KolmogorovDistribution {
    /// P(Dₙ >= x).
    package static func survival(_ x: Double, _ n: Int) -> Double {
        guard n >= 1, !x.isNaN else { return .nan }
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let nd = Double(n)
        let t = nd * x
        if t <= 1 {
            // Ruben & Gambino: for 1/(2n) <= x <= 1/n, P(Dₙ < x) = n!/nⁿ (2t − 1)ⁿ.
            if t <= 0.5 { return 1 }
            let cdf: Double
            if n <= 140 {
                var product = 1.0
                for i in 1...n { product *= Double(i) * (1 / nd) * (2 * t - 1) }
                cdf = product
            } else {
                cdf = exp(logFactorialOverPower(n) + nd * log(2 * t - 1))
            }
            return clip(1 - cdf)
        }
        // Ruben & Gambino: for x >= 1 − 1/n, P(Dₙ >= x) = 2(1 − x)ⁿ.
        if t >= nd - 1 { return clip(2 * pow(1 - x, nd)) }
        // For x >= ½ the events D⁺ >= x and D⁻ >= x are disjoint.
        if x >= 0.5 { return clip(2 * Smirnov.survival(n, x)) }
        let nxx = t * x
        if n <= 140 {
            if nxx <= 4 { return clip(1 - durbinMatrixCDF(n, x)) }
            return clip(2 * Smirnov.survival(n, x))
        }
        if nxx >= 370 { return 0 }
        if nxx >= 2.2 { return clip(2 * Smirnov.survival(n, x)) }
        let cdf: Double
        if nxx >= 18 {
            cdf = 1
        } else if n <= 100_000, nd * pow(x, 1.5) <= 1.4 {
            cdf = durbinMatrixCDF(n, x)
        } else {
            cdf = pelzGoodCDF(n, x)
        }
        return clip(1 - cdf)
    }

    /// ln(n!/nⁿ) from Stirling's series with n ln n taken out beforehand, so nothing cancels.
    static func logFactorialOverPower(_ n: Int) -> Double {
        let nd = Double(n)
        return 0.5 * log(nd) - nd + SaddlePoint.logSqrtTwoPi + SaddlePoint.stirlingError(nd)
    }

    /// P(Dₙ < d) by Durbin's matrix method as Marsaglia, Tsang & Wang evaluate it
    /// ("Evaluating Kolmogorov's distribution", J. Stat. Softw. 8(18), 2003): with
    /// d = (k − h)/n, 0 <= h < 1, it is n!/nⁿ times the centre element of Hⁿ for an
    /// m × m matrix H, m = 2k − 1. Powers are scaled by 2¹²⁸ steps to stay finite.
    static func durbinMatrixCDF(_ n: Int, _ d: Double) -> Double {
        if d >= 1 { return 1 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1

        var inverseFactorial = [Double](repeating: 1, count: m + 1)  // 1/i!
        for i in 1...m { inverseFactorial[i] = inverseFactorial[i - 1] / Double(i) }
        var matrix = SquareMatrix(size: m)
        for row in 0..<m {
            for column in 0..<m where row - column + 1 >= 0 {
                matrix[row, column] = inverseFactorial[row - column + 1]
            }
        }
        // The first column and the last row count the paths that start or end near the bounds.
        for i in 0..<m {
            let corner = (1 - pow(h, Double(i + 1))) * inverseFactorial[i + 1]
            matrix[i, 0] = corner
            matrix[m - 1, m - 1 - i] = corner
        }
        let overshoot = max(2 * h - 1, 0)
        matrix[m - 1, 0] = (1 - 2 * pow(h, Double(m)) + pow(overshoot, Double(m))) * inverseFactorial[m]

        let (power, exponent) = matrix.scaledPower(n)
        var p = power[k - 1, k - 1]
        var scale = exponent
        // Times n!/nⁿ, one factor i/n at a time, rescuing p from underflow.
        for i in 1...n {
            p = Double(i) * p / Double(n)
            if abs(p) < 0x1p-128 {
                p *= 0x1p128
                scale -= 128
            }
        }
        return scalbn(p, scale)
    }

    /// Pelz & Good's approximation of P(Dₙ <= x) ("Approximating the lower tail-areas of
    /// the Kolmogorov–Smirnov one-sample statistic", JRSS B 38(2), 1976): the Li-Chien /
    /// Korolyuk expansion K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^{3/2}, z = x√n, with each
    /// Kᵢ rewritten through Jacobi's theta transformation into sums over odd m of
    /// polynomials in m times q^{m²}, q = exp(−π²/(8z²)), that converge fast for small z.
    /// The sums run to k = ⌈16z/π⌉ (m = 2k − 1), the truncation scipy uses.
    static func pelzGoodCDF(_ n: Int, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let pi2 = Double.pi * Double.pi, pi4 = pi2 * pi2, pi6 = pi4 * pi2
        let z = Double(n).squareRoot() * x
        let z2 = z * z, z4 = z2 * z2, z6 = z4 * z2, z8 = z4 * z4
        let logQ = -pi2 / 8 / z2
        if logQ < -708 { return 0 }
        let terms = Int((16 * z / Double.pi).rounded(.up))

        // Σ over odd m of cᵢ(m) q^{m²}, for the four coefficient polynomials.
        var sums = [0.0, 0.0, 0.0, 0.0]
        for k in stride(from: terms, through: 1, by: -1) {
            let m = Double(2 * k - 1)
            let m2 = m * m, m4 = m2 * m2, m6 = m4 * m2
            let weight = exp(m2 * logQ)
            sums[0] += weight
            sums[1] += weight * (pi2 * m2 / 4 - z2)
            sums[2] += weight * (6 * z6 + 2 * z4 + (2 * z4 - 5 * z2) * pi2 / 4 * m2 + pi4 * (1 - 2 * z2) / 16 * m4)
            sums[3] += weight * (-30 * z6 - 90 * z8 + pi2 * (135 * z4 - 96 * z6) / 4 * m2
                                 + pi4 * (-60 * z2 + 212 * z4) / 16 * m4 + pi6 * (5 - 30 * z2) / 64 * m6)
        }
        let sqrtTwoPi = (2 * Double.pi).squareRoot()
        let k0 = sqrtTwoPi * sums[0] / z
        var k1 = sqrtTwoPi * sums[1] / (6 * z4)
        var k2 = sqrtTwoPi * sums[2] / (72 * z6 * z)
        var k3 = sqrtTwoPi * sums[3] / (6480 * z8 * z2)

        // K₂ and K₃ also have sums over every integer k of q₂^{k²}, q₂ = exp(−π²/(2z²)).
        var extra2 = 0.0, extra3 = 0.0
        for k in stride(from: terms, through: 1, by: -1) {
            let kd = Double(k), k2 = kd * kd
            let weight = exp(-pi2 / 2 / z2 * k2)
            extra2 += k2 * weight
            extra3 += (3 * z2 - pi2 * k2) * k2 * weight
        }
        k2 += extra2 * pi2 * sqrtTwoPi / (-36 * z2 * z)
        k3 += extra3 * pi2 * sqrtTwoPi / (216 * z6)

        let root = Double(n).squareRoot()
        k1 /= root
        k2 /= Double(n)
        k3 /= Double(n) * root
        return k0 + k1 + k2 + k3
    }

    private static func clip(_ p: Double) -> Double { min(1, max(0, p)) }
}
