/// ZipMap (ai.onnx.ml 1): a probability matrix [N, C] becomes one map per row from the
/// C class labels (strings or int64s) to the row's values, kept as the matrix.
struct ZipMapKernel: Kernel {
    let node: Node
    let keys: ProbabilityMaps.Keys

    init(_ node: Node) throws(ONNXError) {
        self.node = node
        switch try ClassLabels(node, ints: "classlabels_int64s", strings: "classlabels_strings") {
        case .int64s(let v): keys = .int64s(v)
        case .strings(let v): keys = .strings(v)
        }
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        let tensor = try node.tensorInput(inputs, 0)
        guard let values = tensor.asFloats(), tensor.elementType == .float || tensor.elementType == .double else {
            throw node.inputMismatch("input should be a float tensor, found \(tensor.elementType)")
        }
        let (rows, columns) = tensor.matrixShape
        guard tensor.rank <= 2, columns == keys.count else {
            throw node.inputMismatch("input has shape \(tensor.shape) but there are \(keys.count) class labels; it must be [N, \(keys.count)]")
        }
        return [.probabilityMaps(ProbabilityMaps(keys: keys, values: Tensor(shape: [rows, columns], floats: values)))]
    }
}
