/// Reading TreeEnsemble's encoding (ai.onnx.ml opset 5): interior nodes `nodes_*` by
/// position, each child either a node position or (when its `_leafs` flag is set) a leaf
/// position into `leaf_*`; `tree_roots` are node positions; `BRANCH_MEMBER` sets come
/// from `membership_values`, NaN-separated, in the order the member nodes appear.
/// In the spec built here, leaf j sits at position nodes.count + j.
enum TreeAttributesV5 {
    static func spec(_ node: Node) throws(ONNXError) -> (spec: ForestSpec, splitType: ElementType) {
        let targets = try node.int("n_targets") ?? 1
        guard targets >= 1, targets <= 1 << 20 else { throw node.invalid("n_targets", "is \(targets); it must be at least 1") }
        let featureIDs = try ints(node, "nodes_featureids")
        let trueIDs = try ints(node, "nodes_truenodeids")
        let falseIDs = try ints(node, "nodes_falsenodeids")
        let trueLeafs = try node.ints("nodes_trueleafs") ?? [Int64](repeating: 0, count: featureIDs.count)
        let falseLeafs = try node.ints("nodes_falseleafs") ?? [Int64](repeating: 0, count: featureIDs.count)
        let tracks = try node.ints("nodes_missing_value_tracks_true") ?? [Int64](repeating: 0, count: featureIDs.count)
        guard let splitsTensor = try node.tensor("nodes_splits") else { throw node.missing("nodes_splits") }
        guard splitsTensor.elementType == .float || splitsTensor.elementType == .double, let splits = splitsTensor.asDoubles() else {
            throw node.invalid("nodes_splits", "should be a float or double tensor, found \(splitsTensor.elementType)")
        }
        let modeCodes: [Int64]
        if let modes = try node.tensor("nodes_modes") {
            guard let codes = modes.asInt64s(), modes.elementType.isInteger else {
                throw node.invalid("nodes_modes", "should be a uint8 tensor, found \(modes.elementType)")
            }
            modeCodes = codes
        } else {
            modeCodes = [Int64](repeating: 0, count: featureIDs.count)
        }
        let count = featureIDs.count
        for (name, length) in [("nodes_truenodeids", trueIDs.count), ("nodes_falsenodeids", falseIDs.count), ("nodes_trueleafs", trueLeafs.count),
                               ("nodes_falseleafs", falseLeafs.count), ("nodes_missing_value_tracks_true", tracks.count),
                               ("nodes_splits", splits.count), ("nodes_modes", modeCodes.count)]
        where length != count {
            throw node.invalid(name, "has \(length) entries but nodes_featureids has \(count); the nodes_* attributes must have the same length")
        }

        let leafTargets = try ints(node, "leaf_targetids")
        guard let weightsTensor = try node.tensor("leaf_weights") else { throw node.missing("leaf_weights") }
        guard let leafWeights = weightsTensor.asDoubles(), weightsTensor.elementType != .string else {
            throw node.invalid("leaf_weights", "should be a float or double tensor, found \(weightsTensor.elementType)")
        }
        guard leafWeights.count == leafTargets.count else {
            throw node.invalid("leaf_weights", "has \(leafWeights.count) entries but leaf_targetids has \(leafTargets.count)")
        }

        var memberSets: [[Double]] = []
        if let membership = try node.tensor("membership_values") {
            guard let values = membership.asDoubles(), membership.elementType != .string else {
                throw node.invalid("membership_values", "should be a float or double tensor, found \(membership.elementType)")
            }
            var current: [Double] = []
            for value in values {
                if value.isNaN {
                    memberSets.append(current)
                    current = []
                } else {
                    current.append(value)
                }
            }
            if !current.isEmpty { memberSets.append(current) }
        }

        let leafCount = leafTargets.count
        func position(_ id: Int64, leaf: Bool, of i: Int, _ side: String) throws(ONNXError) -> Int {
            let limit = leaf ? leafCount : count
            guard let index = Int(exactly: id), index >= 0, index < limit else {
                throw node.invalid("nodes_\(side)nodeids", "send node \(i) to \(leaf ? "leaf" : "node") \(id), outside the \(limit) \(leaf ? "leaves" : "nodes")")
            }
            return leaf ? count + index : index
        }
        var branches: [ForestSpec.Branch?] = []
        branches.reserveCapacity(count + leafCount)
        var nextSet = 0
        for i in 0 ..< count {
            guard let code = UInt8(exactly: modeCodes[i]), let mode = BranchMode(rawValue: code) else {
                throw node.invalid("nodes_modes", "give node \(i) mode \(modeCodes[i]), not one of 0 (BRANCH_LEQ) … 6 (BRANCH_MEMBER)")
            }
            guard let feature = Int(exactly: featureIDs[i]), feature >= 0 else {
                throw node.invalid("nodes_featureids", "give node \(i) feature index \(featureIDs[i])")
            }
            var branch = ForestSpec.Branch(feature: feature, threshold: splits[i], mode: mode, missingGoesTrue: tracks[i] != 0,
                                           trueChild: try position(trueIDs[i], leaf: trueLeafs[i] != 0, of: i, "true"),
                                           falseChild: try position(falseIDs[i], leaf: falseLeafs[i] != 0, of: i, "false"))
            if mode == .member {
                guard nextSet < memberSets.count else {
                    throw node.invalid("membership_values", "has \(memberSets.count) sets, fewer than the BRANCH_MEMBER nodes")
                }
                branch.members = memberSets[nextSet]
                nextSet += 1
            }
            branches.append(branch)
        }
        var votes = [[ForestSpec.Vote]](repeating: [], count: count + leafCount)
        for j in 0 ..< leafCount {
            branches.append(nil)
            guard let target = Int(exactly: leafTargets[j]), target >= 0, target < targets else {
                throw node.invalid("leaf_targetids", "give leaf \(j) target \(leafTargets[j]), outside 0..<\(targets)")
            }
            votes[count + j] = [ForestSpec.Vote(target: target, weight: leafWeights[j])]
        }
        let roots = try ints(node, "tree_roots")
        var rootPositions: [Int] = []
        for root in roots {
            guard let index = Int(exactly: root), index >= 0, index < count else {
                throw node.invalid("tree_roots", "name node \(root), outside the \(count) nodes")
            }
            rootPositions.append(index)
        }
        let spec = ForestSpec(branches: branches, votes: votes, roots: rootPositions, targets: Int(targets),
                              describe: { $0 < count ? "node \($0)" : "leaf \($0 - count)" })
        return (spec, splitsTensor.elementType)
    }

    private static func ints(_ node: Node, _ key: String) throws(ONNXError) -> [Int64] {
        guard let values = try node.ints(key) else { throw node.missing(key) }
        return values
    }
}
