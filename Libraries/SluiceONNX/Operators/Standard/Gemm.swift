/// Gemm: alpha·A'·B' + beta·C with A' and B' optionally transposed (2-D only). C is
/// optional from opset 11 and broadcasts one way to [M, N] (a scalar, a row, a column or
/// the full matrix); the pre-7 `broadcast` attribute is subsumed by that.
extension StandardOperators {
    struct GemmKernel: Kernel {
        let node: Node
        let transposeA: Bool
        let transposeB: Bool
        let alpha: Float
        let beta: Float

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            self.node = node
            transposeA = try node.int("transA", default: 0) != 0
            transposeB = try node.int("transB", default: 0) != 0
            alpha = try node.float("alpha", default: 1)
            beta = try node.float("beta", default: 1)
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let a = try tensor(inputs, 0, of: node)
            let b = try tensor(inputs, 1, of: node)
            let c = try optionalTensor(inputs, 2, of: node)
            guard a.rank == 2, b.rank == 2 else {
                throw node.inputMismatch("Gemm takes 2-D A and B, found shapes \(a.shape) and \(b.shape)")
            }
            let m = transposeA ? a.shape[1] : a.shape[0]
            let k = transposeA ? a.shape[0] : a.shape[1]
            let kB = transposeB ? b.shape[1] : b.shape[0]
            let n = transposeB ? b.shape[0] : b.shape[1]
            guard k == kB else {
                throw node.inputMismatch("A is \(a.shape) and B is \(b.shape): inner dimensions \(k) and \(kB) differ (transA \(transposeA ? 1 : 0), transB \(transposeB ? 1 : 0))")
            }
            let (outputCount, overflow) = m.multipliedReportingOverflow(by: n)
            guard !overflow, outputCount <= elementLimit else { throw node.inputMismatch("a [\(m), \(n)] product is too large") }
            let bias = try c.map { c throws(ONNXError) in try biasLayout(c, m, n) }
            let layout = MatrixLayout(rows: m, inner: k, columns: n, transposeA: transposeA, transposeB: transposeB)
            let elements: Tensor.Elements
            switch (a.elements, b.elements, c?.elements) {
            case (.float(let x), .float(let y), nil): elements = .float(gemm(x, y, nil, bias, layout))
            case (.float(let x), .float(let y), .float(let z)?): elements = .float(gemm(x, y, z, bias, layout))
            case (.double(let x), .double(let y), nil): elements = .double(gemm(x, y, nil, bias, layout))
            case (.double(let x), .double(let y), .double(let z)?): elements = .double(gemm(x, y, z, bias, layout))
            default:
                let types = [a, b].map { "\($0.elementType)" } + (c.map { ["\($0.elementType)"] } ?? [])
                throw node.inputMismatch("Gemm takes float or double inputs of one type, found \(types.joined(separator: ", "))")
            }
            return [.tensor(Tensor(shape: [m, n], elements: elements))]
        }

        /// C's row and column strides over the [M, N] output: 0 where C repeats.
        private func biasLayout(_ c: Tensor, _ m: Int, _ n: Int) throws(ONNXError) -> (rowStride: Int, columnStride: Int) {
            let shape = [Int](repeating: 1, count: Swift.max(0, 2 - c.rank)) + c.shape
            guard shape.count == 2, shape[0] == m || shape[0] == 1, shape[1] == n || shape[1] == 1 else {
                throw node.inputMismatch("C of shape \(c.shape) does not broadcast to the [\(m), \(n)] product")
            }
            let columnStride = shape[1] == 1 ? 0 : 1
            return (shape[0] == 1 ? 0 : shape[1], columnStride)
        }

        private func gemm<T: Real>(_ a: [T], _ b: [T], _ c: [T]?, _ bias: (rowStride: Int, columnStride: Int)?, _ layout: MatrixLayout) -> [T] {
            let m = layout.rows, n = layout.columns
            let alpha = T(self.alpha), beta = T(self.beta)
            var out = [T](repeating: 0, count: m * n)
            out.withUnsafeMutableBufferPointer { o in
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in multiplyAdd(pa, 0, pb, 0, into: o, 0, layout) }
                }
                if alpha != 1 { for index in 0..<(m * n) { o[index] *= alpha } }
                guard let c, let bias, beta != 0 else { return }
                c.withUnsafeBufferPointer { pc in
                    for i in 0..<m {
                        let cRow = i * bias.rowStride
                        for j in 0..<n { o[i * n + j] += beta * pc[cRow + j * bias.columnStride] }
                    }
                }
            }
            return out
        }
    }
}
