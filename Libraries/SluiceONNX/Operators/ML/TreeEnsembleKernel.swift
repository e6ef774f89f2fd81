/// TreeEnsemble (ai.onnx.ml 5): Y [N, n_targets] in the input's type (float or double,
/// which must be the type of nodes_splits), the aggregated leaf weights, post-transformed
/// as TreeEnsembleRegressor's are (one target: PROBIT only).
struct TreeEnsembleKernel: Kernel {
    enum Trees {
        case float(Forest<Float>)
        case double(Forest<Double>)
    }

    let node: Node
    let trees: Trees
    let aggregation: Aggregation
    let transform: PostTransform
    let targets: Int

    init(_ node: Node) throws(ONNXError) {
        self.node = node
        aggregation = try Aggregation(code: node)
        transform = try PostTransform(code: node)
        let (spec, splitType) = try TreeAttributesV5.spec(node)
        targets = spec.targets
        trees = splitType == .double ? .double(try Forest<Double>(spec, node: node)) : .float(try Forest<Float>(spec, node: node))
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        switch trees {
        case .float(let forest):
            let input = try ForestInput(inputs, node: node, maxFeature: forest.maxFeature, allowIntegers: false)
            guard case .float(let rows, let columns, let values) = input else {
                throw node.inputMismatch("input '\(node.inputs.first ?? "X")' is double but nodes_splits are float; TreeEnsemble needs them of one type")
            }
            let scores = forest.scores(values, rows: rows, columns: columns, aggregation: aggregation, needPresence: false)
            return [.tensor(Tensor(shape: [rows, targets], floats: finish(scores.values, trees: forest.treeCount)))]
        case .double(let forest):
            let input = try ForestInput(inputs, node: node, maxFeature: forest.maxFeature, allowIntegers: false)
            guard case .double(let rows, let columns, let values) = input else {
                throw node.inputMismatch("input '\(node.inputs.first ?? "X")' is float but nodes_splits are double; TreeEnsemble needs them of one type")
            }
            let scores = forest.scores(values, rows: rows, columns: columns, aggregation: aggregation, needPresence: false)
            return [.tensor(Tensor(shape: [rows, targets], doubles: finishDouble(scores.values, trees: forest.treeCount)))]
        }
    }

    private func finish<T: BinaryFloatingPoint>(_ values: [T], trees: Int) -> [Float] {
        var output = averaged(values, trees: trees).map { Float($0) }
        transformRows(&output)
        return output
    }

    private func finishDouble(_ values: [Double], trees: Int) -> [Double] {
        // The transforms are computed in float, as onnxruntime's are.
        guard targets > 1 || transform == .probit else { return averaged(values, trees: trees) }
        var output = averaged(values, trees: trees).map { Float($0) }
        transformRows(&output)
        return output.map { Double($0) }
    }

    private func averaged<T: BinaryFloatingPoint>(_ values: [T], trees: Int) -> [T] {
        guard aggregation == .average else { return values }
        let divisor = T(max(trees, 1))
        return values.map { $0 / divisor }
    }

    private func transformRows(_ output: inout [Float]) {
        if targets == 1 && transform != .probit { return }
        output.withUnsafeMutableBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return }
            for row in stride(from: 0, to: buffer.count, by: targets) {
                transform.apply(UnsafeMutableBufferPointer(start: start + row, count: targets))
            }
        }
    }
}
