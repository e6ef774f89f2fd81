import Foundation

/// The one-sided one-sample Kolmogorov–Smirnov distribution: `survival(n, x)` is
/// P(D⁺ₙ >= x), what `scipy.special.smirnov(n, x)` returns. The two-sided distribution
/// uses 2·P(D⁺ₙ >= x) in its upper tail.
enum Smirnov {
    /// Above this n the exact sum is replaced by an approximation, as scipy does.
    static let largestExactN = 1_000_000
    /// ln of the smallest positive double (subnormals included): below it the tail is 0.
    static let logSmallest = -745.1332191019412

    /// P(D⁺ₙ >= x) for n >= 1 and 0 <= x <= 1.
    static func survival(_ n: Int, _ x: Double) -> Double {
        guard n >= 1, x >= 0, x <= 1 else { return .nan }
        if n == 1 { return 1 - x }
        if x == 0 { return 1 }
        if x == 1 { return 0 }
        let nd = Double(n)
        if -2 * nd * x * x < logSmallest { return 0 }
        // For x >= 1 − 1/n only the first term of the sum is left.
        if nd * x >= nd - 1 { return pow(1 - x, nd) }
        if n > largestExactN {
            // Smirnov's refinement of the limit: P ≈ exp(−(6nx + 1)² / (18n)).
            let logP = -pow(6 * nd * x + 1, 2) / 18 / nd
            return logP < -M_LN2 ? exp(logP) : -expm1(logP)
        }
        return min(1, max(0, birnbaumTingey(n, x)))
    }

    /// Birnbaum & Tingey (1951): P(D⁺ₙ >= x) = x · Σⱼ C(n, j) (1 − x − j/n)ⁿ⁻ʲ (x + j/n)ʲ⁻¹
    /// over 0 <= j < n(1 − x). Each term is b(j; n, pⱼ)/pⱼ, a binomial probability at
    /// pⱼ = x + j/n, computed with Loader's saddle point so that the sum keeps full
    /// relative precision for n up to 10⁶. All terms are positive: no cancellation.
    private static func birnbaumTingey(_ n: Int, _ x: Double) -> Double {
        let nd = Double(n)
        let nx = nd * x
        var sum = 0.0
        var compensation = 0.0
        // Term j is a binomial probability nx below its mean, largest where pⱼ(1 − pⱼ) is,
        // i.e. at pⱼ = ½: past that index the terms only fall.
        let peak = max(0, Int((nd * (0.5 - x)).rounded(.up)))
        var j = 0
        while j < n {
            let nq = Double(n - j) - nx  // n(1 − pⱼ), formed without rounding 1 − pⱼ
            if nq <= 0 { break }
            let np = nx + Double(j)
            let term = SaddlePoint.binomialProbability(j, n, np: np, nq: nq) / (np / nd)
            // Neumaier summation: up to 10⁶ terms of similar size.
            let t = sum + term
            compensation += abs(sum) >= abs(term) ? (sum - t) + term : (term - t) + sum
            sum = t
            // Past the peak, stop once all the remaining terms together cannot matter.
            if j > peak, term * Double(n - j) < 1e-17 * sum { break }
            j += 1
        }
        return x * (sum + compensation)
    }
}
