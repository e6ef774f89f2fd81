/// How the ai.onnx.ml kernels read their inputs: a present tensor at a position, and the
/// numeric matrix view ([N, C] or [C] as one row) that the tabular operators compute on.
extension Node {
    /// The tensor at input `index`, or an error naming the node and the input.
    func tensorInput(_ inputs: [Value?], _ index: Int) throws(ONNXError) -> Tensor {
        guard index < inputs.count, let value = inputs[index] else {
            throw inputMismatch("input \(index) ('\(index < self.inputs.count ? self.inputs[index] : "?")') is missing")
        }
        guard let tensor = value.tensor else {
            throw inputMismatch("input \(index) ('\(index < self.inputs.count ? self.inputs[index] : "?")') should be a tensor, found a sequence of maps")
        }
        return tensor
    }

    /// A numeric input read as float, double or int64 storage; strings and bools are refused.
    func numericInput(_ inputs: [Value?], _ index: Int) throws(ONNXError) -> Tensor {
        let tensor = try tensorInput(inputs, index)
        switch tensor.elements {
        case .float, .double, .int64: return tensor
        case .string, .bool:
            throw inputMismatch("input \(index) should hold float, double, int64 or int32, found \(tensor.elementType)")
        }
    }
}

/// Rows of a numeric input as Float (what most ai.onnx.ml operators compute in).
struct FloatMatrix {
    var rows: Int
    var columns: Int
    var values: [Float]

    init(_ tensor: Tensor, node: Node) throws(ONNXError) {
        guard let values = tensor.asFloats(), tensor.elementType != .string, tensor.elementType != .bool else {
            throw node.inputMismatch("expected a float, double, int64 or int32 tensor, found \(tensor.elementType)")
        }
        (rows, columns) = tensor.matrixShape
        self.values = values
    }
}
