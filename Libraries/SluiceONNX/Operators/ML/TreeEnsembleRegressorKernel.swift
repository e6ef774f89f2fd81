/// TreeEnsembleRegressor (ai.onnx.ml 1–5): Y [N, n_targets] float, the aggregated leaf
/// votes plus base_values. As in onnxruntime, a one-target regressor applies only the
/// PROBIT transform (the others are identities on one score there).
struct TreeEnsembleRegressorKernel: Kernel {
    let node: Node
    let floatForest: Forest<Float>
    let doubleForest: Forest<Double>
    let aggregation: Aggregation
    let transform: PostTransform
    let baseValues: [Double]
    let targets: Int

    init(_ node: Node) throws(ONNXError) {
        self.node = node
        let targets = try node.int("n_targets", default: 1)
        guard targets >= 1, targets <= 1 << 20 else { throw node.invalid("n_targets", "is \(targets); it must be at least 1") }
        self.targets = Int(targets)
        aggregation = try Aggregation(node)
        transform = try PostTransform(node)
        baseValues = try TreeAttributesV3.doubles(node, "base_values") ?? []
        guard baseValues.isEmpty || baseValues.count == self.targets else {
            throw node.invalid("base_values", "has \(baseValues.count) values for \(targets) targets")
        }
        let spec = try TreeAttributesV3.spec(node, votes: "target", targets: self.targets)
        floatForest = try Forest<Float>(spec, node: node)
        doubleForest = try Forest<Double>(spec, node: node)
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        let output: [Float]
        let rows: Int
        switch try ForestInput(inputs, node: node, maxFeature: floatForest.maxFeature) {
        case .float(let n, let columns, let values):
            rows = n
            output = finish(floatForest.scores(values, rows: n, columns: columns, aggregation: aggregation, needPresence: false), trees: floatForest.treeCount)
        case .double(let n, let columns, let values):
            rows = n
            output = finish(doubleForest.scores(values, rows: n, columns: columns, aggregation: aggregation, needPresence: false), trees: doubleForest.treeCount)
        }
        return [.tensor(Tensor(shape: [rows, targets], floats: output))]
    }

    private func finish<T>(_ scores: Forest<T>.Scores, trees: Int) -> [Float] {
        var values = scores.values
        let base = baseValues.map { T($0) }
        let divisor = T(max(trees, 1))
        for i in values.indices {
            let target = i % targets
            if aggregation == .average { values[i] /= divisor }
            if !base.isEmpty { values[i] += base[target] }
        }
        var output = values.map { Float($0) }
        if targets == 1 && transform != .probit { return output }
        output.withUnsafeMutableBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return }
            for row in stride(from: 0, to: buffer.count, by: targets) {
                transform.apply(UnsafeMutableBufferPointer(start: start + row, count: targets))
            }
        }
        return output
    }
}
