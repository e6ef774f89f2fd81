/// A tree ensemble's input, checked against the features its nodes read, and run through
/// the forest of matching precision: float (and integer inputs, read as float, as
/// onnxruntime compares them) against float thresholds, double against double.
enum ForestInput {
    case float(rows: Int, columns: Int, values: [Float])
    case double(rows: Int, columns: Int, values: [Double])

    init(_ inputs: [Value?], node: Node, maxFeature: Int, allowIntegers: Bool = true) throws(ONNXError) {
        let tensor = try node.numericInput(inputs, 0)
        let (rows, columns) = tensor.rank == 0 ? (1, 1) : tensor.matrixShape
        guard maxFeature < columns else {
            throw node.inputMismatch("the trees read feature \(maxFeature), but input '\(node.inputs.first ?? "X")' has \(columns) columns (shape \(tensor.shape))")
        }
        // A dummy element keeps a pointer valid when every tree is a single leaf and the
        // input has no columns.
        switch tensor.elements {
        case .float(let v): self = .float(rows: rows, columns: columns, values: v.isEmpty ? [0] : v)
        case .double(let v): self = .double(rows: rows, columns: columns, values: v.isEmpty ? [0] : v)
        case .int64(let v):
            guard allowIntegers else { throw node.inputMismatch("input '\(node.inputs.first ?? "X")' should be float or double, found \(tensor.elementType)") }
            self = .float(rows: rows, columns: columns, values: v.isEmpty ? [0] : v.map { Float($0) })
        case .string, .bool:
            throw node.inputMismatch("input '\(node.inputs.first ?? "X")' should be float, double or integer, found \(tensor.elementType)")
        }
    }
}

extension Forest {
    func scores(_ values: [T], rows: Int, columns: Int, aggregation: Aggregation, needPresence: Bool) -> Scores {
        values.withUnsafeBufferPointer { scores($0, rows: rows, columns: columns, aggregation: aggregation, needPresence: needPresence) }
    }
}
