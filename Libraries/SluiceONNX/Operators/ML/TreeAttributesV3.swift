/// Reading the node-id encoding of TreeEnsembleRegressor and TreeEnsembleClassifier
/// (ai.onnx.ml opsets 1–5): parallel `nodes_*` arrays keyed by (tree id, node id), and
/// leaf votes `<votes>_treeids/_nodeids/_ids/_weights` (votes is "target" or "class").
/// Thresholds and weights come from the float lists or the double `_as_tensor` forms.
enum TreeAttributesV3 {
    private struct NodeKey: Hashable {
        var tree: Int64
        var node: Int64
    }

    static func spec(_ node: Node, votes prefix: String, targets: Int) throws(ONNXError) -> ForestSpec {
        let treeIDs = try node.ints("nodes_treeids") ?? []
        let nodeIDs = try required(node, "nodes_nodeids")
        let featureIDs = try required(node, "nodes_featureids")
        let trueIDs = try required(node, "nodes_truenodeids")
        let falseIDs = try required(node, "nodes_falsenodeids")
        guard let modeNames = try node.strings("nodes_modes") else { throw node.missing("nodes_modes") }
        let thresholds = try doubles(node, "nodes_values") ?? [Double](repeating: 0, count: nodeIDs.count)
        let tracks = try node.ints("nodes_missing_value_tracks_true") ?? []
        let count = nodeIDs.count
        for (name, length) in [("nodes_treeids", treeIDs.count), ("nodes_featureids", featureIDs.count), ("nodes_modes", modeNames.count),
                               ("nodes_values", thresholds.count), ("nodes_truenodeids", trueIDs.count), ("nodes_falsenodeids", falseIDs.count)]
        where length != count {
            throw node.invalid(name, "has \(length) entries but nodes_nodeids has \(count); the nodes_* arrays must have the same length")
        }
        guard tracks.isEmpty || tracks.count == count else {
            throw node.invalid("nodes_missing_value_tracks_true", "has \(tracks.count) entries but nodes_nodeids has \(count)")
        }

        var position: [NodeKey: Int] = [:]
        position.reserveCapacity(count)
        for i in 0 ..< count {
            let key = NodeKey(tree: treeIDs[i], node: nodeIDs[i])
            guard position.updateValue(i, forKey: key) == nil else {
                throw node.invalid("nodes_nodeids", "list node \(nodeIDs[i]) of tree \(treeIDs[i]) twice")
            }
        }

        var branches: [ForestSpec.Branch?] = []
        branches.reserveCapacity(count)
        var referenced = [Bool](repeating: false, count: count)
        for i in 0 ..< count {
            guard let parsed = BranchMode.parse(modeNames[i]) else {
                throw node.invalid("nodes_modes", "give node \(nodeIDs[i]) of tree \(treeIDs[i]) mode '\(modeNames[i])', not one of BRANCH_LEQ, BRANCH_LT, BRANCH_GTE, BRANCH_GT, BRANCH_EQ, BRANCH_NEQ, LEAF")
            }
            guard let mode = parsed else {
                branches.append(nil)
                continue
            }
            func child(_ id: Int64, _ side: String) throws(ONNXError) -> Int {
                guard let found = position[NodeKey(tree: treeIDs[i], node: id)] else {
                    throw node.invalid("nodes_\(side)nodeids", "send node \(nodeIDs[i]) of tree \(treeIDs[i]) to node \(id), which tree \(treeIDs[i]) does not have")
                }
                referenced[found] = true
                return found
            }
            let trueChild = try child(trueIDs[i], "true")
            let falseChild = try child(falseIDs[i], "false")
            guard let feature = Int(exactly: featureIDs[i]), feature >= 0 else {
                throw node.invalid("nodes_featureids", "give node \(nodeIDs[i]) of tree \(treeIDs[i]) feature index \(featureIDs[i])")
            }
            branches.append(ForestSpec.Branch(feature: feature, threshold: thresholds[i], mode: mode,
                                              missingGoesTrue: tracks.isEmpty ? false : tracks[i] != 0,
                                              trueChild: trueChild, falseChild: falseChild))
        }

        // A tree's root is the one node of it no branch points to; trees are summed in
        // the order their ids first appear.
        var roots: [Int] = []
        var treeOrder: [Int64] = []
        var rootOf: [Int64: Int] = [:]
        var seenTrees = Set<Int64>()
        for i in 0 ..< count {
            if seenTrees.insert(treeIDs[i]).inserted { treeOrder.append(treeIDs[i]) }
            guard !referenced[i] else { continue }
            if let other = rootOf[treeIDs[i]] {
                throw node.invalid("nodes_nodeids", "give tree \(treeIDs[i]) two nodes no branch points to (\(nodeIDs[other]) and \(nodeIDs[i])); a tree has one root")
            }
            rootOf[treeIDs[i]] = i
        }
        for tree in treeOrder {
            guard let root = rootOf[tree] else {
                throw node.invalid("nodes_truenodeids", "leave tree \(tree) without a root: every one of its nodes is some node's child (a cycle)")
            }
            roots.append(root)
        }

        let voteTrees = try required(node, "\(prefix)_treeids")
        let voteNodes = try required(node, "\(prefix)_nodeids")
        let voteIDs = try required(node, "\(prefix)_ids")
        guard let voteWeights = try doubles(node, "\(prefix)_weights") else { throw node.missing("\(prefix)_weights") }
        for (name, length) in [("\(prefix)_nodeids", voteNodes.count), ("\(prefix)_ids", voteIDs.count), ("\(prefix)_weights", voteWeights.count)]
        where length != voteTrees.count {
            throw node.invalid(name, "has \(length) entries but \(prefix)_treeids has \(voteTrees.count); the \(prefix)_* arrays must have the same length")
        }
        var votes = [[ForestSpec.Vote]](repeating: [], count: count)
        for v in 0 ..< voteTrees.count {
            guard let leaf = position[NodeKey(tree: voteTrees[v], node: voteNodes[v])] else {
                throw node.invalid("\(prefix)_nodeids", "give a weight to node \(voteNodes[v]) of tree \(voteTrees[v]), which the nodes_* arrays do not have")
            }
            guard branches[leaf] == nil else {
                throw node.invalid("\(prefix)_nodeids", "give a weight to node \(voteNodes[v]) of tree \(voteTrees[v]), which is a branch, not a LEAF")
            }
            guard let target = Int(exactly: voteIDs[v]), target >= 0, target < targets else {
                throw node.invalid("\(prefix)_ids", "give node \(voteNodes[v]) of tree \(voteTrees[v]) a weight for \(prefix) \(voteIDs[v]), outside 0..<\(targets)")
            }
            votes[leaf].append(ForestSpec.Vote(target: target, weight: voteWeights[v]))
        }
        return ForestSpec(branches: branches, votes: votes, roots: roots, targets: targets,
                          describe: { "node \(nodeIDs[$0]) of tree \(treeIDs[$0])" })
    }

    private static func required(_ node: Node, _ key: String) throws(ONNXError) -> [Int64] {
        guard let values = try node.ints(key) else { throw node.missing(key) }
        return values
    }

    /// `key` as doubles: the `_as_tensor` form when present, else the float list.
    static func doubles(_ node: Node, _ key: String) throws(ONNXError) -> [Double]? {
        if let tensor = try node.tensor("\(key)_as_tensor") {
            guard let values = tensor.asDoubles(), tensor.elementType != .string else {
                throw node.invalid("\(key)_as_tensor", "should be a numeric tensor, found \(tensor.elementType)")
            }
            return values
        }
        return try node.floats(key).map { $0.map(Double.init) }
    }
}
