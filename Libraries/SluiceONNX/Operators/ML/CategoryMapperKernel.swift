/// CategoryMapper (ai.onnx.ml 1): strings to integers or integers to strings through the
/// paired cats_strings / cats_int64s, the direction set by the input's type; values not
/// in the map become default_int64 (−1) or default_string ("_Unused").
struct CategoryMapperKernel: Kernel {
    let node: Node
    let toInt: [String: Int64]
    let toString: [Int64: String]
    let defaultInt: Int64
    let defaultString: String

    init(_ node: Node) throws(ONNXError) {
        self.node = node
        guard let strings = try node.strings("cats_strings") else { throw node.missing("cats_strings") }
        guard let ints = try node.ints("cats_int64s") else { throw node.missing("cats_int64s") }
        guard strings.count == ints.count else {
            throw node.invalid("cats_strings", "has \(strings.count) entries but cats_int64s has \(ints.count); they must pair up")
        }
        var toInt: [String: Int64] = [:]
        var toString: [Int64: String] = [:]
        for (s, i) in zip(strings, ints) {
            if toInt[s] == nil { toInt[s] = i }
            if toString[i] == nil { toString[i] = s }
        }
        self.toInt = toInt
        self.toString = toString
        defaultInt = try node.int("default_int64", default: -1)
        defaultString = try node.string("default_string", default: "_Unused")
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        let tensor = try node.tensorInput(inputs, 0)
        switch tensor.elements {
        case .string(let v): return [.tensor(Tensor(shape: tensor.shape, int64s: v.map { toInt[$0] ?? defaultInt }))]
        case .int64(let v): return [.tensor(Tensor(shape: tensor.shape, strings: v.map { toString[$0] ?? defaultString }))]
        default: throw node.inputMismatch("input should be strings or integers, found \(tensor.elementType)")
        }
    }
}
