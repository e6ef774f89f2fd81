/// A tree ensemble flattened for evaluation: each tree's branch nodes contiguous in
/// depth-first order (so that a tree stays in cache while a block of rows descends it),
/// children as indices checked once at load, and leaf votes as ranges into flat arrays.
/// A child index below zero is a leaf: `~child` is its position in the leaf arrays.
struct Forest<T: BinaryFloatingPoint & Sendable>: Sendable {
    struct Branch: Sendable {
        var threshold: T
        var feature: Int32
        var trueChild: Int32
        var falseChild: Int32
    }

    var branches: [Branch] = []
    /// Per branch node; read only when the modes differ or one is `member`.
    var modes: [BranchMode] = []
    /// Per branch node; read only for NaN features.
    var missingGoesTrue: [Bool] = []
    var anyMissingGoesTrue = false
    /// The mode every branch node has, when they all have the same one (the usual case).
    var uniformMode: BranchMode?
    /// `member` nodes' sets: branch → range in `members`.
    var memberRanges: [Range<Int>] = []
    var members: [T] = []
    var roots: [Int32] = []
    /// Per tree, the most branch nodes on a path from its root to a leaf.
    var depths: [Int32] = []

    /// Leaf l's votes are `voteStart[l] ..< voteStart[l + 1]`.
    var voteStart: [Int32] = [0]
    var voteTarget: [Int32] = []
    var voteWeight: [T] = []
    /// True when every leaf has exactly one vote, so that vote l is leaf l's.
    var oneVotePerLeaf = true
    /// Each leaf's votes for target 0, summed (the one-target fast path).
    var leafValue: [T] = []
    var targets: Int
    /// The largest feature index a node reads, or -1.
    var maxFeature = -1

    var treeCount: Int { roots.count }

    init(_ spec: ForestSpec, node: Node) throws(ONNXError) {
        targets = spec.targets
        let count = spec.branches.count
        var visited = [Bool](repeating: false, count: count)
        var placedLeaf = [Int32?](repeating: nil, count: count)
        branches.reserveCapacity(count)
        // Pre-order, true side first; each entry says where to write the placed index.
        var stack: [(position: Int, parent: Int, trueSide: Bool, depth: Int32)] = []
        var modeSeen: BranchMode?
        var modesDiffer = false
        for root in spec.roots.reversed() { stack.append((root, -1, true, 0)) }
        while let (position, parent, trueSide, depth) = stack.popLast() {
            guard position >= 0, position < count else {
                throw node.invalid("nodes", "refer to node position \(position), outside the \(count) nodes")
            }
            // A leaf may be shared (TreeEnsemble's one-leaf tree points both ways at it);
            // a branch reached twice is a cycle or a shared subtree, and is refused.
            let placed: Int32
            if spec.branches[position] == nil, let leaf = placedLeaf[position] {
                placed = leaf
            } else if let branch = spec.branches[position] {
                guard !visited[position] else {
                    throw node.invalid("nodes", "reach \(spec.describe(position)) twice (a cycle or a shared subtree)")
                }
                visited[position] = true
                guard branch.feature >= 0, branch.feature < Int(Int32.max) else {
                    throw node.invalid("nodes_featureids", "give \(spec.describe(position)) feature index \(branch.feature)")
                }
                maxFeature = max(maxFeature, branch.feature)
                placed = Int32(branches.count)
                branches.append(Branch(threshold: T(branch.threshold), feature: Int32(branch.feature), trueChild: 0, falseChild: 0))
                modes.append(branch.mode)
                if modeSeen == nil { modeSeen = branch.mode } else if modeSeen != branch.mode { modesDiffer = true }
                missingGoesTrue.append(branch.missingGoesTrue)
                anyMissingGoesTrue = anyMissingGoesTrue || branch.missingGoesTrue
                let start = members.count
                members.append(contentsOf: branch.members.map { T($0) })
                memberRanges.append(start ..< members.count)
                stack.append((branch.falseChild, Int(placed), false, depth + 1))
                stack.append((branch.trueChild, Int(placed), true, depth + 1))
            } else {
                placed = ~Int32(leafValue.count)
                placedLeaf[position] = placed
                var sum: T = 0
                let votes = spec.votes[position]
                if votes.count != 1 { oneVotePerLeaf = false }
                for vote in votes {
                    guard vote.target >= 0, vote.target < spec.targets else {
                        throw node.invalid("weights", "give \(spec.describe(position)) a vote for target or class \(vote.target), outside 0..<\(spec.targets)")
                    }
                    voteTarget.append(Int32(vote.target))
                    voteWeight.append(T(vote.weight))
                    if vote.target == 0 { sum += T(vote.weight) }
                }
                voteStart.append(Int32(voteTarget.count))
                leafValue.append(sum)
            }
            if parent < 0 {
                roots.append(placed)
                depths.append(0)
            } else if trueSide {
                branches[parent].trueChild = placed
            } else {
                branches[parent].falseChild = placed
            }
            if placed >= 0, let tree = depths.indices.last { depths[tree] = max(depths[tree], depth + 1) }
        }
        if let unreached = visited.indices.first(where: { !visited[$0] && spec.branches[$0] != nil }) {
            throw node.invalid("nodes", "hold \(spec.describe(unreached)), which no tree reaches from its root (a cycle, or a stray node)")
        }
        uniformMode = modesDiffer || modeSeen == .member ? nil : (modeSeen ?? .lessOrEqual)
    }
}
