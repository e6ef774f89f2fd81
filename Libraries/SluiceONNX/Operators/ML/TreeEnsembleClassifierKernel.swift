/// TreeEnsembleClassifier (ai.onnx.ml 1–5): Y [N] labels and Z [N, classes] scores.
///
/// Two classes follow onnxruntime, which converters rely on. When the votes name a single
/// class (GradientBoosting, XGBoost and LightGBM binary models), that score s stands for
/// the positive class: Z is [1 − s, s] when every weight is non-negative (label 1 when
/// s > 0.5) and [−s, s] otherwise (label 1 when s > 0), with LOGISTIC giving
/// [σ(−s), σ(s)]. With votes for both classes the label is class 1 when its score is
/// positive. Three or more classes take the highest score among the classes that got a
/// vote or a base value (the first on ties).
struct TreeEnsembleClassifierKernel: Kernel {
    let node: Node
    let floatForest: Forest<Float>
    let doubleForest: Forest<Double>
    let transform: PostTransform
    let baseValues: [Double]
    let labels: ClassLabels
    /// Two labels and votes for only one class id.
    let binaryCase: Bool
    let weightsAllNonNegative: Bool
    /// Set when the forest has one target standing for this class (see init).
    let singleClass: Int?

    init(_ node: Node) throws(ONNXError) {
        self.node = node
        labels = try ClassLabels(node, ints: "classlabels_int64s", strings: "classlabels_strings")
        guard labels.count >= 2 else {
            throw node.invalid("classlabels_int64s", "list \(labels.count) class; a classifier needs at least two")
        }
        transform = try PostTransform(node)
        baseValues = try TreeAttributesV3.doubles(node, "base_values") ?? []
        guard baseValues.isEmpty || baseValues.count == labels.count || (labels.count == 2 && baseValues.count == 1) else {
            throw node.invalid("base_values", "has \(baseValues.count) values for \(labels.count) classes")
        }
        var spec = try TreeAttributesV3.spec(node, votes: "class", targets: labels.count)
        let votedClasses = Set(spec.votes.joined().map(\.target))
        binaryCase = labels.count == 2 && votedClasses.count == 1
        weightsAllNonNegative = !spec.votes.joined().contains { $0.weight < 0 }
        // A binary model whose every leaf votes once for one class (boosted trees) runs as
        // a one-target regression: that class always has a score, the other never.
        let everyLeafVotesOnce = spec.branches.indices.allSatisfy { spec.branches[$0] != nil || spec.votes[$0].count == 1 }
        if binaryCase, everyLeafVotesOnce, let only = votedClasses.first {
            singleClass = only
            spec.targets = 1
            spec.votes = spec.votes.map { $0.map { ForestSpec.Vote(target: 0, weight: $0.weight) } }
        } else {
            singleClass = nil
        }
        floatForest = try Forest<Float>(spec, node: node)
        doubleForest = try Forest<Double>(spec, node: node)
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        let result: (chosen: [Int], scores: [Float])
        switch try ForestInput(inputs, node: node, maxFeature: floatForest.maxFeature) {
        case .float(let rows, let columns, let values):
            result = finish(floatForest.scores(values, rows: rows, columns: columns, aggregation: .sum, needPresence: singleClass == nil), rows: rows, trees: floatForest.treeCount)
        case .double(let rows, let columns, let values):
            result = finish(doubleForest.scores(values, rows: rows, columns: columns, aggregation: .sum, needPresence: singleClass == nil), rows: rows, trees: doubleForest.treeCount)
        }
        return [.tensor(labels.tensor(result.chosen)),
                .tensor(Tensor(shape: [result.chosen.count, labels.count], floats: result.scores))]
    }

    private func finish<T: BinaryFloatingPoint>(_ scores: Forest<T>.Scores, rows: Int, trees: Int) -> (chosen: [Int], scores: [Float]) {
        let classes = labels.count
        let base = baseValues.map { T($0) }
        var chosen = [Int](repeating: 0, count: rows)
        var output = [Float](repeating: 0, count: rows * classes)
        output.withUnsafeMutableBufferPointer { out in
            guard let start = out.baseAddress else { return }
            for row in 0 ..< rows {
                let offset = row * classes
                let z = UnsafeMutableBufferPointer(start: start + offset, count: classes)
                if let only = singleClass {
                    let v = scores.values[row]
                    chosen[row] = only == 0 ? twoClasses(v, 0, trees > 0, false, base: base, into: z) : twoClasses(0, v, false, trees > 0, base: base, into: z)
                } else if classes > 2 {
                    chosen[row] = manyClasses(scores, offset: offset, base: base, into: z)
                } else {
                    chosen[row] = twoClasses(scores.values[offset], scores.values[offset + 1], scores.present[offset], scores.present[offset + 1], base: base, into: z)
                }
            }
        }
        return (chosen, output)
    }

    private func manyClasses<T: BinaryFloatingPoint>(_ scores: Forest<T>.Scores, offset: Int, base: [T], into z: UnsafeMutableBufferPointer<Float>) -> Int {
        var best = -1
        var bestScore: T = 0
        for k in 0 ..< z.count {
            var score = scores.values[offset + k]
            var present = scores.present[offset + k]
            if k < base.count {
                score += base[k]
                present = true
            }
            if present && (best < 0 || score > bestScore) {
                best = k
                bestScore = score
            }
            z[k] = Float(score)
        }
        transform.apply(z)
        return max(best, 0)
    }

    /// Two classes' scores and whether any vote reached each.
    private func twoClasses<T: BinaryFloatingPoint>(_ first: T, _ second: T, _ has0: Bool, _ has1: Bool, base: [T], into z: UnsafeMutableBufferPointer<Float>) -> Int {
        var s0 = first
        var s1 = second
        var single = false
        switch base.count {
        case 2:
            if has1 {
                // onnxruntime reads base_values[1] as the positive class's offset here.
                s1 = base[1] + s0
                if has0 { s0 = -s1 }
            } else {
                s0 += base[0]
            }
        case 1:
            if has0 { s0 += base[0] }
            single = !has1
        default:
            single = !has1
        }
        let positive = has1 && !single ? s1 : (has0 ? s0 : 0)
        let threshold: T = binaryCase && weightsAllNonNegative ? 0.5 : 0
        let label = positive > threshold ? 1 : 0
        guard single else {
            z[0] = Float(s0)
            z[1] = Float(s1)
            transform.apply(z)
            return label
        }
        let v = Float(s0)
        switch transform {
        case .probit:
            z[0] = PostTransform.probit(v)
            z[1] = 0
        case .logistic:
            z[1] = PostTransform.logistic(v)
            z[0] = binaryCase && weightsAllNonNegative ? 1 - z[1] : PostTransform.logistic(-v)
        default:
            z[0] = binaryCase && weightsAllNonNegative ? 1 - v : -v
            z[1] = v
        }
        return label
    }
}
