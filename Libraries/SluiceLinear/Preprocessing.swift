/// Per-column summaries gathered in one pass over the data, which also checks that every
/// value is finite (a NaN or an infinity turns the column's sum into a non-finite number,
/// and only then is the column scanned for the culprit). Used by the exact (second-pass)
/// layout of least squares; the fast paths find non-finite values through their results.
struct ColumnSummary {
    var sums: [Double]
    var minima: [Double]
    var maxima: [Double]
}

func summarizeColumns(_ x: Pointer, rows n: Int, columns p: Int) -> ColumnSummary {
    let partials = mapParts(rows: n) { range -> ColumnSummary in
        var s = ColumnSummary(sums: [Double](repeating: 0, count: p),
                              minima: [Double](repeating: .infinity, count: p),
                              maxima: [Double](repeating: -.infinity, count: p))
        let count = range.count
        for j in 0..<p {
            let column = x + j * n + range.lowerBound
            var lo = SIMD4<Double>(repeating: .infinity), hi = SIMD4<Double>(repeating: -.infinity)
            var total = 0.0
            // One pass: sums, minima and maxima, in SIMD lanes. (A NaN never wins a
            // comparison, so it leaves min and max alone; it shows up in the sum.)
            var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
            var i = 0
            while i + 8 <= count {
                let v = load4(column + i), w = load4(column + i + 4)
                s0 += v
                s1 += w
                lo.replace(with: v, where: v .< lo)
                hi.replace(with: v, where: v .> hi)
                lo.replace(with: w, where: w .< lo)
                hi.replace(with: w, where: w .> hi)
                i += 8
            }
            total = (s0 + s1).sum()
            while i < count {
                let v = column[i]
                total += v
                if v < lo[0] { lo[0] = v }
                if v > hi[0] { hi[0] = v }
                i += 1
            }
            s.sums[j] = total
            s.minima[j] = lo.min()
            s.maxima[j] = hi.max()
        }
        return s
    }
    var total = partials[0]
    for part in partials.dropFirst() {
        for j in 0..<p {
            total.sums[j] += part.sums[j]
            total.minima[j] = Swift.min(total.minima[j], part.minima[j])
            total.maxima[j] = Swift.max(total.maxima[j], part.maxima[j])
        }
    }
    return total
}

/// The first non-finite value of a column, if any.
func firstNonFinite(_ column: Pointer, _ n: Int) -> (row: Int, value: Double)? {
    for i in 0..<n where !column[i].isFinite { return (i, column[i]) }
    return nil
}

/// Checks the shapes: at least one row and one column, and one target per row.
func checkInputs(_ x: Matrix, targetCount: Int) throws(LinearModelError) {
    guard x.rows > 0 else { throw .noSamples }
    guard x.columns > 0 else { throw .noFeatures }
    guard targetCount == x.rows else {
        throw .dimensionMismatch("X has \(x.rows) rows but y has \(targetCount) values")
    }
}

func checkFinite(_ summary: ColumnSummary, _ values: UnsafeBufferPointer<Double>, rows n: Int, name: (Int) -> String) throws(LinearModelError) {
    for j in summary.sums.indices where !summary.sums[j].isFinite {
        if let bad = firstNonFinite(values.baseAddress! + j * n, n) {
            throw .nonFinite(place: "\(name(j)) at row \(bad.row)", value: bad.value)
        }
        throw .overflow("the sum of \(name(j)) overflows")
    }
}

/// How each column is centred and scaled before a least-squares solve: column j enters as
/// `(x - center[j]) * factor[j]`, so that every column lies in [-1, 1] (no overflow in
/// sums of squares whatever the units) and a column that is exactly constant becomes
/// exactly zero.
struct ColumnScaling {
    var center: [Double]
    var factor: [Double]

    init(_ summary: ColumnSummary, rows n: Int, centered: Bool, name: (Int) -> String) throws(LinearModelError) {
        let p = summary.sums.count
        center = [Double](repeating: 0, count: p)
        factor = [Double](repeating: 1, count: p)
        for j in 0..<p {
            let lo = summary.minima[j], hi = summary.maxima[j]
            if centered {
                center[j] = lo == hi ? lo : summary.sums[j] / Double(n)
            }
            let range = Swift.max(abs(hi - center[j]), abs(lo - center[j]))
            guard range.isFinite else { throw .overflow("the values of \(name(j)) span more than the largest Double") }
            if range > 0, (1 / range).isFinite { factor[j] = 1 / range }
        }
    }
}
