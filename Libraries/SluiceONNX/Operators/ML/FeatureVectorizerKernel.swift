/// FeatureVectorizer (ai.onnx.ml 1): its inputs, each read as [N, C], side by side in a
/// float [N, sum(inputdimensions)]; input i fills inputdimensions[i] columns, cut short
/// or padded with zeros.
struct FeatureVectorizerKernel: Kernel {
    let node: Node
    let dimensions: [Int]

    init(_ node: Node) throws(ONNXError) {
        self.node = node
        guard let dimensions = try node.ints("inputdimensions") else { throw node.missing("inputdimensions") }
        var checked: [Int] = []
        for d in dimensions {
            guard let width = Int(exactly: d), width >= 0, width <= 1 << 24 else {
                throw node.invalid("inputdimensions", "has \(d), not a column count")
            }
            checked.append(width)
        }
        guard checked.count == node.inputs.count else {
            throw node.invalid("inputdimensions", "has \(checked.count) entries for \(node.inputs.count) inputs")
        }
        self.dimensions = checked
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        var matrices: [FloatMatrix] = []
        for i in dimensions.indices {
            matrices.append(try FloatMatrix(try node.numericInput(inputs, i), node: node))
        }
        let rows = matrices.first?.rows ?? 0
        if let other = matrices.firstIndex(where: { $0.rows != rows }) {
            throw node.inputMismatch("input \(other) has \(matrices[other].rows) rows but input 0 has \(rows)")
        }
        let width = dimensions.reduce(0, +)
        var y = [Float](repeating: 0, count: rows * width)
        var column = 0
        for (matrix, dimension) in zip(matrices, dimensions) {
            let copied = min(dimension, matrix.columns)
            for row in 0 ..< rows {
                for j in 0 ..< copied { y[row * width + column + j] = matrix.values[row * matrix.columns + j] }
            }
            column += dimension
        }
        return [.tensor(Tensor(shape: [rows, width], floats: y))]
    }
}
