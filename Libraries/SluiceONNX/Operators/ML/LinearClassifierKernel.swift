/// LinearClassifier (ai.onnx.ml 1): Y [N] labels and Z [N, classes] scores. One row of
/// coefficients for two labels is a binary model of the positive class's score s, as
/// in onnxruntime: label 1 when s > 0, Z = [1 − t, t] with t the transformed s (PROBIT
/// gives [probit(s), 0]). Otherwise the label is the class of the highest raw score.
struct LinearClassifierKernel: Kernel {
    let node: Node
    let model: LinearModel
    let transform: PostTransform
    let labels: ClassLabels

    init(_ node: Node) throws(ONNXError) {
        self.node = node
        labels = try ClassLabels(node, ints: "classlabels_ints", strings: "classlabels_strings")
        let intercepts = try node.floats("intercepts") ?? []
        let outputs = intercepts.isEmpty ? labels.count : intercepts.count
        guard outputs >= 1 else { throw node.invalid("classlabels_ints", "list no classes") }
        model = try LinearModel(node, outputs: outputs)
        guard outputs == 1 ? labels.count == 2 : outputs == labels.count else {
            throw node.invalid("coefficients", "give \(outputs) classes' scores for \(labels.count) class labels")
        }
        transform = try PostTransform(node)
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        let x = try FloatMatrix(try node.numericInput(inputs, 0), node: node)
        let raw = try model.scores(x, node: node)
        let classes = labels.count
        var chosen = [Int](repeating: 0, count: x.rows)
        var z = [Float](repeating: 0, count: x.rows * classes)
        z.withUnsafeMutableBufferPointer { out in
            guard let start = out.baseAddress else { return }
            for row in 0 ..< x.rows {
                let scores = UnsafeMutableBufferPointer(start: start + row * classes, count: classes)
                if model.outputs == 1 {
                    let s = raw[row]
                    chosen[row] = s > 0 ? 1 : 0
                    switch transform {
                    case .probit:
                        scores[0] = PostTransform.probit(s)
                        scores[1] = 0
                    case .logistic:
                        scores[1] = PostTransform.logistic(s)
                        scores[0] = 1 - scores[1]
                    default:
                        scores[1] = s
                        scores[0] = 1 - s
                    }
                } else {
                    var best = 0
                    for k in 0 ..< classes {
                        scores[k] = raw[row * classes + k]
                        if scores[k] > scores[best] { best = k }
                    }
                    chosen[row] = best
                    transform.apply(scores)
                }
            }
        }
        return [.tensor(labels.tensor(chosen)), .tensor(Tensor(shape: [x.rows, classes], floats: z))]
    }
}
