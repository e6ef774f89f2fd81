/// A small seeded pseudo-random generator: SplitMix64 (Steele, Lea and Flood, 2014;
/// the generator Java's `SplittableRandom` and the seeding of xoshiro use).
///
/// Written out here, rather than using the standard library's generator, so that a
/// seed gives the same sequence on every platform, toolchain and release: a split is
/// part of a run's lineage and must be reproducible forever. The state advances by the
/// golden-ratio constant and each output is a bijective mix of the state, so every
/// 64-bit seed (negative seeds are taken by their bit pattern) is a good seed.
struct SplitMix64 {
    private var state: UInt64

    init(seed: Int64) {
        state = UInt64(bitPattern: seed)
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's multiply-and-reject).
    mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// Shuffles `values` in place (Fisher–Yates, from the last element down).
    mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            let other = Int(next(below: UInt64(index + 1)))
            values.swapAt(index, other)
        }
    }
}
