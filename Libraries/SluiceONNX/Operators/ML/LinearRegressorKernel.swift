/// LinearRegressor (ai.onnx.ml 1): Y [N, targets] = X · coefficientsᵀ + intercepts, in
/// float. As for the tree regressors, one target takes only the PROBIT transform.
struct LinearRegressorKernel: Kernel {
    let node: Node
    let model: LinearModel
    let transform: PostTransform

    init(_ node: Node) throws(ONNXError) {
        self.node = node
        let targets = try node.int("targets", default: 1)
        guard targets >= 1, targets <= 1 << 20 else { throw node.invalid("targets", "is \(targets); it must be at least 1") }
        model = try LinearModel(node, outputs: Int(targets))
        transform = try PostTransform(node)
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        let x = try FloatMatrix(try node.numericInput(inputs, 0), node: node)
        var scores = try model.scores(x, node: node)
        if model.outputs > 1 || transform == .probit {
            scores.withUnsafeMutableBufferPointer { buffer in
                guard let start = buffer.baseAddress else { return }
                for row in stride(from: 0, to: buffer.count, by: model.outputs) {
                    transform.apply(UnsafeMutableBufferPointer(start: start + row, count: model.outputs))
                }
            }
        }
        return [.tensor(Tensor(shape: [x.rows, model.outputs], floats: scores))]
    }
}

/// Coefficients [outputs, features] row-major and one intercept per output (or none).
struct LinearModel: Sendable {
    let coefficients: [Float]
    let intercepts: [Float]
    let outputs: Int
    var features: Int { coefficients.count / outputs }

    init(_ node: Node, outputs: Int) throws(ONNXError) {
        guard let coefficients = try node.floats("coefficients") else { throw node.missing("coefficients") }
        let intercepts = try node.floats("intercepts") ?? []
        guard intercepts.isEmpty || intercepts.count == outputs else {
            throw node.invalid("intercepts", "has \(intercepts.count) values for \(outputs) outputs")
        }
        guard !coefficients.isEmpty, coefficients.count % outputs == 0 else {
            throw node.invalid("coefficients", "has \(coefficients.count) values, not a multiple of the \(outputs) outputs")
        }
        self.coefficients = coefficients
        self.intercepts = intercepts
        self.outputs = outputs
    }

    /// Scores [rows, outputs], each dot product accumulated in double and rounded once.
    func scores(_ x: FloatMatrix, node: Node) throws(ONNXError) -> [Float] {
        guard x.columns == features else {
            throw node.inputMismatch("input has \(x.columns) columns but the coefficients are for \(features) features")
        }
        var out = [Float](repeating: 0, count: x.rows * outputs)
        for row in 0 ..< x.rows {
            let rowBase = row * features
            for k in 0 ..< outputs {
                var sum = intercepts.isEmpty ? 0 : Double(intercepts[k])
                let coefficientBase = k * features
                for j in 0 ..< features { sum += Double(x.values[rowBase + j]) * Double(coefficients[coefficientBase + j]) }
                out[row * outputs + k] = Float(sum)
            }
        }
        return out
    }
}
