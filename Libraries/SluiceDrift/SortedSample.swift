/// The values of one numeric column, sorted ascending, without nulls and without NaN.
///
/// Every numeric statistic here (quantile bins, PSI counts, the KS statistic) works on
/// sorted values, so a column is sorted once and shared between them. NaN has no place
/// in an order and is counted with the nulls by whoever builds the sample.
package struct SortedSample: Sendable {
    /// The values, ascending.
    package let values: [Double]

    /// Sorts `values`, leaving NaN out.
    package init(_ values: [Double]) {
        var kept = values.filter { !$0.isNaN }
        kept.sort()
        self.values = kept
    }

    /// Values already sorted ascending and free of NaN (not checked).
    package init(sorted values: [Double]) {
        self.values = values
    }

    package var count: Int { values.count }
    package var isEmpty: Bool { values.isEmpty }

    /// How many values are `<= bound` (binary search).
    package func countNotAbove(_ bound: Double) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] <= bound { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The `p`-quantile with linear interpolation between order statistics (the
    /// default of `numpy.quantile`, Hyndman & Fan type 7): position `(n - 1) * p`.
    /// Requires a non-empty sample and `0 <= p <= 1`.
    package func quantile(_ p: Double) -> Double {
        let position = Double(values.count - 1) * p
        let below = Int(position.rounded(.down))
        let fraction = position - Double(below)
        guard below + 1 < values.count, fraction > 0 else { return values[below] }
        let a = values[below], b = values[below + 1]
        if a == b { return a }  // also keeps inf - inf out
        // numpy's lerp: from the nearer end, so the result stays within [a, b].
        return fraction < 0.5 ? a + (b - a) * fraction : b - (b - a) * (1 - fraction)
    }
}
