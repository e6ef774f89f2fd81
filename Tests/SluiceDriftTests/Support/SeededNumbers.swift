import Foundation

/// Reproducible test data: SplitMix64 with Box–Muller normals. The same seed gives the
/// same samples on every machine, and the samples go to scipy as they are.
struct SeededNumbers {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    mutating func normal(mean: Double = 0, sd: Double = 1) -> Double {
        let u = max(uniform(), 0x1p-53), v = uniform()
        return mean + sd * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    mutating func normals(_ count: Int, mean: Double = 0, sd: Double = 1) -> [Double] {
        (0..<count).map { _ in normal(mean: mean, sd: sd) }
    }

    /// Whole numbers 0..<range (as doubles): samples full of ties.
    mutating func integers(_ count: Int, below range: Int) -> [Double] {
        (0..<count).map { _ in Double(next() % UInt64(range)) }
    }
}
