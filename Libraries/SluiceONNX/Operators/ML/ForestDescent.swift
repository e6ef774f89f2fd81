/// Finding the leaf each row reaches in one tree, for a block of rows.
extension Forest {
    /// Writes, for rows `rows` of the row-major `features` (`columns` wide), the leaf
    /// each reaches in tree `tree`. The caller has checked that every feature index is
    /// below `columns`; child indices were checked at load. `tracking` says that the
    /// block holds a NaN and some node sends NaN the true way.
    @inline(__always)
    func descend(tree: Int, rows: Range<Int>, features: UnsafePointer<T>, columns: Int, branches: UnsafeBufferPointer<Branch>,
                 leaves: UnsafeMutablePointer<Int32>, tracking: Bool) {
        let root = roots[tree]
        guard root >= 0 else {
            for r in rows { leaves[r - rows.lowerBound] = ~root }
            return
        }
        let depth = Int(depths[tree])
        switch uniformMode {
        case .lessOrEqual? where !tracking: descend(LessOrEqualTest.self, root: root, depth: depth, rows: rows, features: features, columns: columns, branches: branches, leaves: leaves)
        case .less? where !tracking: descend(LessTest.self, root: root, depth: depth, rows: rows, features: features, columns: columns, branches: branches, leaves: leaves)
        case .greaterOrEqual? where !tracking: descend(GreaterOrEqualTest.self, root: root, depth: depth, rows: rows, features: features, columns: columns, branches: branches, leaves: leaves)
        case .greater? where !tracking: descend(GreaterTest.self, root: root, depth: depth, rows: rows, features: features, columns: columns, branches: branches, leaves: leaves)
        case .equal? where !tracking: descend(EqualTest.self, root: root, depth: depth, rows: rows, features: features, columns: columns, branches: branches, leaves: leaves)
        case .notEqual? where !tracking: descend(NotEqualTest.self, root: root, depth: depth, rows: rows, features: features, columns: columns, branches: branches, leaves: leaves)
        default: descendMixed(root: root, rows: rows, features: features, columns: columns, branches: branches, leaves: leaves)
        }
    }

    /// One mode throughout and no NaN to route: four rows descend together for exactly
    /// the tree's depth, a row that reached its leaf staying there. There is no branch
    /// on the data, so nothing to mispredict, and the four chains of loads overlap.
    @inline(__always)
    private func descend<Test: BranchTest>(_: Test.Type, root: Int32, depth: Int, rows: Range<Int>, features: UnsafePointer<T>, columns: Int,
                                           branches: UnsafeBufferPointer<Branch>, leaves: UnsafeMutablePointer<Int32>) {
        @inline(__always) func step(_ n: Int32, _ row: UnsafePointer<T>) -> Int32 {
            let branch = branches[Int(max(n, 0))]
            let next = Test.holds(row[Int(branch.feature)], branch.threshold) ? branch.trueChild : branch.falseChild
            return n < 0 ? n : next
        }
        var r = rows.lowerBound
        while r + 4 <= rows.upperBound {
            let row0 = features + r * columns
            let row1 = row0 + columns
            let row2 = row1 + columns
            let row3 = row2 + columns
            var n0 = root, n1 = root, n2 = root, n3 = root
            for _ in 0 ..< depth {
                n0 = step(n0, row0)
                n1 = step(n1, row1)
                n2 = step(n2, row2)
                n3 = step(n3, row3)
            }
            let slot = r - rows.lowerBound
            leaves[slot] = ~n0
            leaves[slot + 1] = ~n1
            leaves[slot + 2] = ~n2
            leaves[slot + 3] = ~n3
            r += 4
        }
        while r < rows.upperBound {
            let row = features + r * columns
            var n = root
            for _ in 0 ..< depth { n = step(n, row) }
            leaves[r - rows.lowerBound] = ~n
            r += 1
        }
    }

    /// Nodes of several modes, set membership, or NaN features some node sends the true
    /// way: each node's own mode and missing-value flag are read.
    private func descendMixed(root: Int32, rows: Range<Int>, features: UnsafePointer<T>, columns: Int, branches: UnsafeBufferPointer<Branch>, leaves: UnsafeMutablePointer<Int32>) {
        for r in rows {
            let row = features + r * columns
            var n = root
            while n >= 0 {
                let index = Int(n)
                let branch = branches[index]
                let x = row[Int(branch.feature)]
                var goTrue: Bool
                let mode = modes[index]
                if mode == .member {
                    goTrue = members[memberRanges[index]].contains(x)
                } else {
                    goTrue = mode.holds(x, branch.threshold)
                }
                if x.isNaN && missingGoesTrue[index] { goTrue = true }
                n = goTrue ? branch.trueChild : branch.falseChild
            }
            leaves[r - rows.lowerBound] = ~n
        }
    }
}
