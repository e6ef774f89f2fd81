/// ArrayFeatureExtractor (ai.onnx.ml 1): the elements of X at the indices Y along X's
/// last axis; Y is flattened, and a one-dimensional X gives [1, count(Y)].
struct ArrayFeatureExtractorKernel: Kernel {
    let node: Node

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        let x = try node.tensorInput(inputs, 0)
        let y = try node.tensorInput(inputs, 1)
        guard y.elementType == .int64, let indices = y.int64s else {
            throw node.inputMismatch("input 1 (the indices) should be int64, found \(y.elementType)")
        }
        guard let last = x.shape.last else { throw node.inputMismatch("input 0 is a scalar; it needs at least one axis") }
        var picks: [Int] = []
        picks.reserveCapacity(indices.count)
        for (i, index) in indices.enumerated() {
            guard index >= 0, index < Int64(last) else {
                throw node.inputMismatch("index \(i) of input 1 is \(index), outside 0..<\(last) (the last axis of input 0, shape \(x.shape))")
            }
            picks.append(Int(index))
        }
        let outer = last == 0 ? 0 : x.count / last
        let shape = x.rank == 1 ? [1, picks.count] : Array(x.shape.dropLast()) + [picks.count]
        func gather<V>(_ v: [V]) -> [V] {
            var out: [V] = []
            out.reserveCapacity(outer * picks.count)
            for row in 0 ..< outer {
                for p in picks { out.append(v[row * last + p]) }
            }
            return out
        }
        switch x.elements {
        case .float(let v): return [.tensor(Tensor(shape: shape, floats: gather(v)))]
        case .double(let v): return [.tensor(Tensor(shape: shape, doubles: gather(v)))]
        case .int64(let v): return [.tensor(Tensor(shape: shape, int64s: gather(v)))]
        case .string(let v): return [.tensor(Tensor(shape: shape, strings: gather(v)))]
        case .bool: throw node.inputMismatch("input 0 should be float, double, integer or string, found bool")
        }
    }
}
