import Foundation
import SluiceTestSupport

/// Reproducible test data: SplitMix64 with Box–Muller normals. The same seed gives the
/// same samples on every machine, and the samples go to scipy as they are.
struct SeededNumbers {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

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
