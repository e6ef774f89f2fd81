/// Imputer (ai.onnx.ml 1): elements equal to the replaced value (NaN matches NaN) become
/// the imputed value of their column (or the single imputed value); the type is kept.
struct ImputerKernel: Kernel {
    let node: Node
    let imputedFloats: [Float]
    let replacedFloat: Float
    let imputedInts: [Int64]
    let replacedInt: Int64

    init(_ node: Node) throws(ONNXError) {
        self.node = node
        imputedFloats = try node.floats("imputed_value_floats") ?? []
        imputedInts = try node.ints("imputed_value_int64s") ?? []
        replacedFloat = try node.float("replaced_value_float", default: 0)
        replacedInt = try node.int("replaced_value_int64", default: 0)
        guard imputedFloats.isEmpty != imputedInts.isEmpty else {
            throw node.invalid("imputed_value_floats", "and 'imputed_value_int64s': exactly one must be set and non-empty")
        }
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        let tensor = try node.numericInput(inputs, 0)
        let columns = tensor.rank == 0 ? 1 : tensor.matrixShape.columns
        switch tensor.elements {
        case .float(let v):
            let imputed = try values(imputedFloats, "imputed_value_floats", columns: columns)
            return [.tensor(Tensor(shape: tensor.shape, floats: replace(v, columns: columns, imputed: imputed, matches: { $0 == replacedFloat || ($0.isNaN && replacedFloat.isNaN) })))]
        case .double(let v):
            let imputed = try values(imputedFloats, "imputed_value_floats", columns: columns).map(Double.init)
            let replaced = Double(replacedFloat)
            return [.tensor(Tensor(shape: tensor.shape, doubles: replace(v, columns: columns, imputed: imputed, matches: { $0 == replaced || ($0.isNaN && replaced.isNaN) })))]
        case .int64(let v):
            let imputed = try values(imputedInts, "imputed_value_int64s", columns: columns)
            return [.tensor(Tensor(shape: tensor.shape, int64s: replace(v, columns: columns, imputed: imputed, matches: { $0 == replacedInt })))]
        case .string, .bool:
            throw node.inputMismatch("input should be float, double or integer, found \(tensor.elementType)")
        }
    }

    private func values<V>(_ imputed: [V], _ key: String, columns: Int) throws(ONNXError) -> [V] {
        guard !imputed.isEmpty else {
            throw node.inputMismatch("the input's element type needs attribute '\(key)', which is not set")
        }
        guard imputed.count == 1 || imputed.count == columns else {
            throw node.inputMismatch("attribute '\(key)' has \(imputed.count) values but the input has \(columns) columns")
        }
        return imputed
    }

    private func replace<V>(_ values: [V], columns: Int, imputed: [V], matches: (V) -> Bool) -> [V] {
        var out = values
        for i in out.indices where matches(out[i]) {
            out[i] = imputed.count == 1 ? imputed[0] : imputed[i % columns]
        }
        return out
    }
}
