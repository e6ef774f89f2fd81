import Foundation

/// Loader's saddle-point building blocks ("Fast and accurate computation of binomial
/// probabilities", C. Loader, 2000): binomial and Poisson probabilities from the
/// Stirling error and a deviance term that are both computed without the cancellation
/// that `exp(lgamma(n + 1) − lgamma(k + 1) − …)` suffers when n is large. The
/// Smirnov sum and the incomplete gamma prefactor need this relative accuracy at the
/// 10⁵–10⁶ sample sizes drift monitors see.
enum SaddlePoint {
    static let logSqrtTwoPi = 0.5 * log(2 * Double.pi)

    /// δ(n) = ln n! − [(n + ½) ln n − n + ln √(2π)], for n > 0 (not only integers).
    static func stirlingError(_ n: Double) -> Double {
        if n <= 15 {
            // Small arguments: the difference itself is small and lgamma is exact to a few ulps.
            return lgamma(n + 1) - (n + 0.5) * log(n) + n - logSqrtTwoPi
        }
        // Stirling's series: 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹).
        let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
        let nn = n * n
        if n > 500 { return (s0 - s1 / nn) / n }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
    }

    /// x ln(x/m) + m − x, the deviance term, accurate when x ≈ m.
    static func deviance(_ x: Double, _ m: Double) -> Double {
        if abs(x - m) < 0.1 * (x + m) {
            // Series in v = (x − m)/(x + m): the direct form cancels to nothing here.
            let v = (x - m) / (x + m)
            var sum = (x - m) * v
            var term = 2 * x * v
            let vv = v * v
            var j = 1.0
            while j < 1000 {
                term *= vv
                let next = sum + term / (2 * j + 1)
                if next == sum { return next }
                sum = next
                j += 1
            }
            return sum
        }
        return x * log(x / m) + m - x
    }

    /// P(X = k) for X ~ Binomial(n, p), with `np` = n·p and `nq` = n·(1 − p) passed in so
    /// that callers can form them without rounding 1 − p first. 0 <= k <= n.
    static func binomialProbability(_ k: Int, _ n: Int, np: Double, nq: Double) -> Double {
        let nd = Double(n)
        // qⁿ and pⁿ: through log1p when the base is near 1, where log(1 − small) rounds.
        if k == 0 { return exp(nd * (np < nq ? log1p(-np / nd) : log(nq / nd))) }
        if k == n { return exp(nd * (nq < np ? log1p(-nq / nd) : log(np / nd))) }
        let kd = Double(k), rest = Double(n - k)
        let logCore = stirlingError(nd) - stirlingError(kd) - stirlingError(rest) - deviance(kd, np) - deviance(rest, nq)
        let logScale = log(2 * Double.pi) + log(kd) + log(rest / nd)
        return exp(logCore - 0.5 * logScale)
    }

    /// xᵃ e⁻ˣ / Γ(a), the prefactor of the regularised incomplete gamma functions.
    static func gammaPrefactor(_ a: Double, _ x: Double) -> Double {
        // = a · xᵃ e⁻ˣ / Γ(a + 1), and the Poisson-like term is exp(−δ(a) − D(a, x)) / √(2πa).
        a * exp(-stirlingError(a) - deviance(a, x)) / (2 * Double.pi * a).squareRoot()
    }
}
