/// A tree ensemble as its attributes describe it, before flattening: nodes addressed by
/// position, children by position, leaf votes listed by node. Both encodings (the
/// node-id tuples of TreeEnsembleRegressor/Classifier and TreeEnsemble's split
/// nodes/leaves) are read into this, and `Forest` is built from it.
struct ForestSpec {
    struct Branch {
        var feature: Int
        /// Exact for float and double attributes; the forest rounds it to its input type.
        var threshold: Double
        var mode: BranchMode
        var missingGoesTrue: Bool
        var trueChild: Int
        var falseChild: Int
        /// The set of a `member` node.
        var members: [Double] = []
    }

    struct Vote {
        var target: Int
        var weight: Double
    }

    /// nil for a leaf.
    var branches: [Branch?]
    /// The votes of each node (only leaves have any).
    var votes: [[Vote]]
    /// One position per tree, in the order trees are summed.
    var roots: [Int]
    var targets: Int
    /// Where this description came from, for errors ("node 7 of tree 3").
    var describe: (Int) -> String
}
