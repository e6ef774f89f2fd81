/// ArgMax and ArgMin along `axis` (default 0) as int64, keeping that axis as 1 when
/// `keepdims` (default 1). Ties go to the first occurrence, or the last with
/// `select_last_index` (opset 12).
extension StandardOperators {
    struct ArgExtremumKernel: Kernel {
        let node: Node
        let largest: Bool
        let axis: Int
        let keepDimensions: Bool
        let lastIndex: Bool

        init(_ node: Node, _ opset: Int, largest: Bool) throws(ONNXError) {
            self.node = node
            self.largest = largest
            axis = Int(try node.int("axis", default: 0))
            keepDimensions = try node.int("keepdims", default: 1) != 0
            lastIndex = opset >= 12 ? try node.int("select_last_index", default: 0) != 0 : false
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            let axis = try StandardOperators.axis(self.axis, rank: x.rank, "axis", of: node)
            let length = x.shape[axis]
            guard length > 0 else { throw node.inputMismatch("cannot take \(node.opType) along axis \(axis) of size 0") }
            let outer = product(x.shape[..<axis]), inner = product(x.shape[(axis + 1)...])
            var shape = x.shape
            if keepDimensions { shape[axis] = 1 } else { shape.remove(at: axis) }
            let result: [Int64]
            switch x.elements {
            case .float(let v): result = positions(v, outer, length, inner)
            case .double(let v): result = positions(v, outer, length, inner)
            case .int64(let v): result = positions(v, outer, length, inner)
            case .string, .bool: throw node.inputMismatch("\(node.opType) does not take \(x.elementType) tensors")
            }
            return [.tensor(Tensor(shape: shape, int64s: result))]
        }

        private func positions<T: Comparable>(_ v: [T], _ outer: Int, _ length: Int, _ inner: Int) -> [Int64] {
            var result = [Int64]()
            result.reserveCapacity(outer * inner)
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = o * length * inner + i
                    var best = 0, bestValue = v[base]
                    for k in 1..<Swift.max(length, 1) {
                        let value = v[base + k * inner]
                        let better = largest ? (lastIndex ? value >= bestValue : value > bestValue) : (lastIndex ? value <= bestValue : value < bestValue)
                        if better { best = k; bestValue = value }
                    }
                    result.append(Int64(best))
                }
            }
            return result
        }
    }
}
