import Synchronization

/// Chooses which requests the canary answers. Deterministic rather than random: the
/// n-th request goes to the canary when floor((n+1)·p/100) > floor(n·p/100), so over
/// any run of requests the canary's share is exact to one request, and a test (or an
/// operator reading metrics) sees exactly the share that was asked for.
package final class CanaryRouter: Sendable {
    private let counter = Atomic<UInt64>(0)

    package init() {}

    /// Whether the next request goes to the canary, at `percent` (0 to 100).
    package func nextIsCanary(percent: Double) -> Bool {
        guard percent > 0 else { return false }
        guard percent < 100 else { return true }
        // In hundredths of a percent, integers: 20% of 1,000 requests is exactly 200.
        let basisPoints = UInt64((percent * 100).rounded())
        let n = counter.add(1, ordering: .relaxed).oldValue
        return (n + 1) * basisPoints / 10_000 > n * basisPoints / 10_000
    }
}
