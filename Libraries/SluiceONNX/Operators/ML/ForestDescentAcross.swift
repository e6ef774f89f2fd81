/// The leaves one row reaches in four consecutive trees, found together: for a batch
/// of one to three rows the row-lanes of `descend` would run one chain of loads at a
/// time, so the lanes run across trees instead (what keeps a one-row call cheap).
extension Forest {
    /// Writes the leaves of trees `trees` (at most four) for the row at `row` into
    /// `leaves[0 ..< trees.count]`. Only for a uniform mode and no NaN to route.
    @inline(__always)
    func descendAcross(trees: Range<Int>, row: UnsafePointer<T>, branches: UnsafeBufferPointer<Branch>, leaves: UnsafeMutablePointer<Int32>) {
        switch uniformMode {
        case .lessOrEqual?: descendAcross(LessOrEqualTest.self, trees: trees, row: row, branches: branches, leaves: leaves)
        case .less?: descendAcross(LessTest.self, trees: trees, row: row, branches: branches, leaves: leaves)
        case .greaterOrEqual?: descendAcross(GreaterOrEqualTest.self, trees: trees, row: row, branches: branches, leaves: leaves)
        case .greater?: descendAcross(GreaterTest.self, trees: trees, row: row, branches: branches, leaves: leaves)
        case .equal?: descendAcross(EqualTest.self, trees: trees, row: row, branches: branches, leaves: leaves)
        case .notEqual?: descendAcross(NotEqualTest.self, trees: trees, row: row, branches: branches, leaves: leaves)
        case .member?, nil: return
        }
    }

    @inline(__always)
    private func descendAcross<Test: BranchTest>(_: Test.Type, trees: Range<Int>, row: UnsafePointer<T>, branches: UnsafeBufferPointer<Branch>, leaves: UnsafeMutablePointer<Int32>) {
        @inline(__always) func step(_ n: Int32) -> Int32 {
            let branch = branches[Int(max(n, 0))]
            let next = Test.holds(row[Int(branch.feature)], branch.threshold) ? branch.trueChild : branch.falseChild
            return n < 0 ? n : next
        }
        let lower = trees.lowerBound
        if trees.count == 4 {
            var n0 = roots[lower], n1 = roots[lower + 1], n2 = roots[lower + 2], n3 = roots[lower + 3]
            let depth = Int(max(max(depths[lower], depths[lower + 1]), max(depths[lower + 2], depths[lower + 3])))
            for _ in 0 ..< depth {
                n0 = step(n0)
                n1 = step(n1)
                n2 = step(n2)
                n3 = step(n3)
            }
            leaves[0] = ~n0
            leaves[1] = ~n1
            leaves[2] = ~n2
            leaves[3] = ~n3
            return
        }
        for tree in trees {
            var n = roots[tree]
            for _ in 0 ..< Int(depths[tree]) { n = step(n) }
            leaves[tree - lower] = ~n
        }
    }
}
