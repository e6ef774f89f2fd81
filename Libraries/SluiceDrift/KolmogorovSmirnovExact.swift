/// Exact two-sided p-values of the two-sample KS statistic: P(D >= h/lcm(n₁, n₂)) when
/// all C(n₁+n₂, n₁) orderings of the pooled sample are equally likely.
enum KolmogorovSmirnovExact {
    /// n₁ = n₂ = n and D = h/n: the reflection principle gives
    /// P = 2 Σ_{k>=1} (−1)^{k−1} C(2n, n − kh) / C(2n, n). The alternating sum is
    /// evaluated as 2·r₀(1 − r₁(1 − r₂(1 − …))) with rₖ = C(2n, n−(k+1)h)/C(2n, n−kh),
    /// each ratio a product of h factors near 1, so nothing overflows or cancels.
    static func equalSizes(_ n: Int, _ h: Int) -> Double {
        var nested = 0.0
        var k = n / h
        while k >= 0 {
            var ratio = 1.0
            for j in 0..<h {
                ratio = Double(n - k * h - j) * ratio / Double(n + k * h + j + 1)
            }
            nested = ratio * (1 - nested)
            k -= 1
        }
        return 2 * nested
    }

    /// Unequal sizes: the pooled ordering is a lattice path from (0, 0) to (m, n) (m the
    /// larger size), and D >= h/lcm exactly when the path touches a point with
    /// |x·n/g − y·m/g| >= h. With q(x, y) the probability that a uniformly random path
    /// to (x, y) has touched such a point, q = 1 on those points and otherwise
    /// q(x, y) = [x·q(x−1, y) + y·q(x, y−1)] / (x + y): a path to (x, y) arrives from
    /// the left with probability x/(x+y). This keeps every value in [0, 1] (Viehmann,
    /// arXiv:2102.08037), unlike counting paths, and needs one column of the lattice,
    /// of which only the band inside the lines changes from one column to the next.
    static func unequalSizes(_ n1: Int, _ n2: Int, _ g: Int, _ h: Int) -> Double {
        let m = max(n1, n2), n = min(n1, n2)
        let mg = m / g, ng = n / g
        // Inside the band at column x: (ng·x − h)/mg < y < (ng·x + h)/mg.
        func firstInside(_ x: Int) -> Int { min(max(floorDivide(ng * x - h, mg) + 1, 0), n) }
        func endInside(_ x: Int) -> Int { min(ceilDivide(ng * x + h, mg), n + 1) }

        var column = [Double](repeating: 1, count: n + 1)
        var start = 0
        for y in 0..<endInside(0) { column[y] = 0 }
        for x in 1...m {
            let newStart = firstInside(x), end = endInside(x)
            if end <= newStart { return 1 }
            // Cells that fell below the band have now been crossed.
            for y in start..<newStart { column[y] = 1 }
            start = newStart
            var below = start == 0 ? 0.0 : 1.0
            let xd = Double(x)
            for y in start..<end {
                let yd = Double(y)
                below = (column[y] * xd + below * yd) / (xd + yd)
                column[y] = below
            }
        }
        return column[n]
    }

    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    private static func ceilDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? (a + b - 1) / b : -((-a) / b)
    }
}
