/// MatMul with numpy's semantics: a 1-D A is a row and a 1-D B a column (their
/// dimension dropped from the result), and leading batch dimensions broadcast.
extension StandardOperators {
    struct MatMulKernel: Kernel {
        let node: Node

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let a = try tensor(inputs, 0, of: node)
            let b = try tensor(inputs, 1, of: node)
            guard a.rank >= 1, b.rank >= 1 else {
                throw node.inputMismatch("MatMul takes tensors of rank 1 or more, found shapes \(a.shape) and \(b.shape)")
            }
            let aShape = a.rank == 1 ? [1] + a.shape : a.shape
            let bShape = b.rank == 1 ? b.shape + [1] : b.shape
            let m = aShape[aShape.count - 2], k = aShape[aShape.count - 1]
            let kB = bShape[bShape.count - 2], n = bShape[bShape.count - 1]
            guard k == kB else {
                throw node.inputMismatch("shapes \(a.shape) and \(b.shape) cannot be multiplied: inner dimensions \(k) and \(kB) differ")
            }
            // The common 2-D case plans no batches, so a one-row call allocates only its output.
            let batches = aShape.count == 2 && bShape.count == 2
                ? nil : try broadcastPlan([Array(aShape.dropLast(2)), Array(bShape.dropLast(2))], of: node)
            var shape = (batches?.shape ?? []) + [m, n]
            _ = try elementCount(shape, of: node)
            if b.rank == 1 { shape.removeLast() }
            if a.rank == 1 { shape.remove(at: shape.count - (b.rank == 1 ? 1 : 2)) }
            let layout = MatrixLayout(rows: m, inner: k, columns: n)
            let elements: Tensor.Elements
            switch (a.elements, b.elements) {
            case (.float(let x), .float(let y)): elements = .float(product(x, y, batches, layout))
            case (.double(let x), .double(let y)): elements = .double(product(x, y, batches, layout))
            default:
                throw node.inputMismatch("MatMul takes two float or two double tensors, found \(a.elementType) and \(b.elementType)")
            }
            return [.tensor(Tensor(shape: shape, elements: elements))]
        }

        private func product<T: Real>(_ a: [T], _ b: [T], _ batches: BroadcastPlan?, _ layout: MatrixLayout) -> [T] {
            let m = layout.rows, k = layout.inner, n = layout.columns
            let count = batches?.count ?? 1
            var out = [T](repeating: 0, count: count * m * n)
            out.withUnsafeMutableBufferPointer { o in
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        guard let batches else {
                            multiplyAdd(pa, 0, pb, 0, into: o, 0, layout)
                            return
                        }
                        let aBatches = batches.indices(of: 0)
                        let bBatches = batches.indices(of: 1)
                        for t in 0..<count {
                            multiplyAdd(pa, aBatches[t] * m * k, pb, bBatches[t] * k * n, into: o, t * m * n, layout)
                        }
                    }
                }
            }
            return out
        }
    }
}
