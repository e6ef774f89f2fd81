/// Binarizer (ai.onnx.ml 1): 1 where X > threshold, else 0, in the input's type. A NaN
/// input is refused, as onnxruntime refuses it.
struct BinarizerKernel: Kernel {
    let node: Node
    let threshold: Float

    init(_ node: Node) throws(ONNXError) {
        self.node = node
        threshold = try node.float("threshold", default: 0)
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        let tensor = try node.numericInput(inputs, 0)
        switch tensor.elements {
        case .float(let v):
            if let bad = v.firstIndex(where: \.isNaN) { throw node.inputMismatch("input element \(bad) is NaN") }
            return [.tensor(Tensor(shape: tensor.shape, floats: v.map { $0 > threshold ? 1 : 0 }))]
        case .double(let v):
            if let bad = v.firstIndex(where: \.isNaN) { throw node.inputMismatch("input element \(bad) is NaN") }
            let t = Double(threshold)
            return [.tensor(Tensor(shape: tensor.shape, doubles: v.map { $0 > t ? 1 : 0 }))]
        case .int64(let v):
            let t = Double(threshold)
            return [.tensor(Tensor(shape: tensor.shape, int64s: v.map { Double($0) > t ? 1 : 0 }))]
        case .string, .bool:
            throw node.inputMismatch("input should be float, double or integer, found \(tensor.elementType)")
        }
    }
}
