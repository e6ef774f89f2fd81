/// Scaler (ai.onnx.ml 1): Y = (X − offset) · scale in float, offset and scale per column
/// or one value for all.
struct ScalerKernel: Kernel {
    let node: Node
    let offset: [Float]
    let scale: [Float]

    init(_ node: Node) throws(ONNXError) {
        self.node = node
        offset = try node.floats("offset") ?? [0]
        scale = try node.floats("scale") ?? [1]
        guard !offset.isEmpty, !scale.isEmpty else { throw node.invalid("offset", "and 'scale' must not be empty") }
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        let tensor = try node.numericInput(inputs, 0)
        let x = try FloatMatrix(tensor, node: node)
        for (key, values) in [("offset", offset), ("scale", scale)] where values.count != 1 && values.count != x.columns {
            throw node.inputMismatch("attribute '\(key)' has \(values.count) values but the input has \(x.columns) columns")
        }
        var y = x.values
        for i in y.indices {
            let column = x.columns == 0 ? 0 : i % x.columns
            y[i] = (y[i] - offset[offset.count == 1 ? 0 : column]) * scale[scale.count == 1 ? 0 : column]
        }
        return [.tensor(Tensor(shape: tensor.shape, floats: y))]
    }
}
