/// Softmax and LogSoftmax. Before opset 13 the input is coerced to 2-D at `axis`
/// (default 1) and normalised over everything from `axis` on; from 13 it is normalised
/// along the one axis (default -1). The maximum is subtracted first so exp cannot overflow.
extension StandardOperators {
    struct SoftmaxKernel: Kernel {
        let node: Node
        let axis: Int
        let coercesTo2D: Bool
        let logarithm: Bool

        init(_ node: Node, _ opset: Int, logarithm: Bool) throws(ONNXError) {
            self.node = node
            coercesTo2D = opset < 13
            axis = Int(try node.int("axis", default: opset < 13 ? 1 : -1))
            self.logarithm = logarithm
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            let rank = Swift.max(x.rank, 1)
            // Opset 1-12 accept axis == rank (one group per element); keep it in range.
            let resolved = coercesTo2D && axis == rank ? rank : try StandardOperators.axis(axis, rank: rank, "axis", of: node)
            let shape = x.rank == 0 ? [1] : x.shape
            let outer = product(shape[..<resolved])
            let length = coercesTo2D ? product(shape[resolved...]) : shape[resolved]
            let inner = coercesTo2D ? 1 : product(shape[(resolved + 1)...])
            let elements: Tensor.Elements
            switch x.elements {
            case .float(let v): elements = .float(normalise(v, outer, length, inner))
            case .double(let v): elements = .double(normalise(v, outer, length, inner))
            default: throw node.inputMismatch("\(node.opType) takes float or double tensors, found \(x.elementType)")
            }
            return [.tensor(Tensor(shape: x.shape, elements: elements))]
        }

        private func normalise<T: Real>(_ v: [T], _ outer: Int, _ length: Int, _ inner: Int) -> [T] {
            var out = v
            guard length > 0 else { return out }
            out.withUnsafeMutableBufferPointer { buffer in
                // A raw pointer: buffer subscripts keep a bounds check in the inner loops.
                guard let p = buffer.baseAddress else { return }
                for o in 0..<outer {
                    for i in 0..<inner {
                        let base = o * length * inner + i
                        var maximum = -T.infinity
                        for k in 0..<length { maximum = Swift.max(maximum, p[base + k * inner]) }
                        var sum: T = 0
                        for k in 0..<length {
                            let e = T.standardExp(p[base + k * inner] - maximum)
                            sum += e
                            if !logarithm { p[base + k * inner] = e }
                        }
                        if logarithm {
                            let shift = maximum + T.standardLog(sum)
                            for k in 0..<length { p[base + k * inner] -= shift }
                        } else {
                            for k in 0..<length { p[base + k * inner] /= sum }
                        }
                    }
                }
            }
            return out
        }
    }
}
