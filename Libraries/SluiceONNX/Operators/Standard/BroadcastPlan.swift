/// Numpy's multidirectional broadcasting, planned once per call: the output shape, and
/// the output walked as a few coalesced dimensions, each input advancing by stride 0
/// (repeated) or by its own extent. Adjacent dimensions that every input either has or
/// repeats merge, so [N, C] + [C] runs as N passes of one contiguous inner loop and
/// equal shapes as one loop. Planning allocates three small arrays; one- and two-level
/// walks allocate nothing more.
extension StandardOperators {
    struct BroadcastPlan {
        let shape: [Int]
        let count: Int
        /// Coalesced output dimensions, outermost first; never empty.
        let extents: [Int]
        /// Input k's element stride along coalesced dimension d (0 when repeated) is
        /// `strides[k * extents.count + d]`.
        let strides: [Int]
        let inputs: Int

        init?(_ shapes: [[Int]]) {
            guard shapes.count <= 64 else { return nil }
            var rank = 0
            for input in shapes { rank = Swift.max(rank, input.count) }
            @inline(__always) func dimension(_ input: [Int], _ d: Int) -> Int {
                let lead = rank - input.count
                return d < lead ? 1 : input[d - lead]
            }
            var shape = [Int](repeating: 1, count: rank)
            var extents = [Int]()
            var patterns = [UInt64]()
            for d in 0..<rank {
                var extent = 1
                for input in shapes {
                    let size = dimension(input, d)
                    if size == 1 { continue }
                    if extent == 1 { extent = size } else if size != extent { return nil }
                }
                shape[d] = extent
                if extent == 1 { continue }
                var pattern: UInt64 = 0
                for (k, input) in shapes.enumerated() where dimension(input, d) == extent { pattern |= 1 << UInt64(k) }
                if let last = patterns.last, last == pattern {
                    extents[extents.count - 1] *= extent
                } else {
                    extents.append(extent)
                    patterns.append(pattern)
                }
            }
            guard let count = Tensor.elementCount(shape) else { return nil }
            if extents.isEmpty {
                extents = [1]
                patterns = [UInt64.max]
            }
            var strides = [Int](repeating: 0, count: shapes.count * extents.count)
            for k in shapes.indices {
                var running = 1
                for d in extents.indices.reversed() where patterns[d] & (1 << UInt64(k)) != 0 {
                    strides[k * extents.count + d] = running
                    running *= extents[d]
                }
            }
            self.shape = shape
            self.count = count
            self.extents = extents
            self.strides = strides
            inputs = shapes.count
        }

        @inline(__always) func stride(_ input: Int, _ d: Int) -> Int { strides[input * extents.count + d] }

        /// For each output element, the flat index of input `input`'s element under it.
        func indices(of input: Int) -> [Int] {
            var indices = [Int]()
            indices.reserveCapacity(count)
            let inner = extents[extents.count - 1]
            let innerStride = stride(input, extents.count - 1)
            forEachRun { offsets in
                let base = offsets[input]
                for j in 0..<inner { indices.append(base + j * innerStride) }
            }
            return indices
        }

        /// Calls `body` once per run of the innermost coalesced dimension with every
        /// input's offset at the start of the run.
        @inline(__always) func forEachRun(_ body: ([Int]) -> Void) {
            guard count > 0 else { return }
            let outerRank = extents.count - 1
            var counter = [Int](repeating: 0, count: outerRank)
            var offsets = [Int](repeating: 0, count: inputs)
            let runs = count / extents[outerRank]
            for _ in 0..<runs {
                body(offsets)
                var d = outerRank - 1
                while d >= 0 {
                    counter[d] += 1
                    for k in 0..<inputs { offsets[k] += stride(k, d) }
                    if counter[d] < extents[d] { break }
                    for k in 0..<inputs { offsets[k] -= stride(k, d) * extents[d] }
                    counter[d] = 0
                    d -= 1
                }
            }
        }

        /// `f` over two broadcast inputs. The inner loop is specialised for both inputs
        /// contiguous, one repeated, and the general stride; raw pointers, because buffer
        /// subscripts keep a bounds check that stops vectorisation.
        @inline(__always) func combine<A, B, R>(_ a: [A], _ b: [B], _ f: (A, B) -> R) -> [R] {
            let last = extents.count - 1
            let inner = extents[last]
            let sa = stride(0, last), sb = stride(1, last)
            @inline(__always) func run(_ x: UnsafePointer<A>, _ y: UnsafePointer<B>, _ z: UnsafeMutablePointer<R>) {
                if sa == 1 && sb == 1 {
                    for j in 0..<inner { (z + j).initialize(to: f(x[j], y[j])) }
                } else if sa == 0 && sb == 1 {
                    let left = x.pointee
                    for j in 0..<inner { (z + j).initialize(to: f(left, y[j])) }
                } else if sa == 1 && sb == 0 {
                    let right = y.pointee
                    for j in 0..<inner { (z + j).initialize(to: f(x[j], right)) }
                } else {
                    for j in 0..<inner { (z + j).initialize(to: f(x[j * sa], y[j * sb])) }
                }
            }
            return a.withUnsafeBufferPointer { bufferA in
                b.withUnsafeBufferPointer { bufferB in
                    [R](unsafeUninitializedCapacity: count) { out, initialized in
                        guard count > 0, let pa = bufferA.baseAddress, let pb = bufferB.baseAddress, let po = out.baseAddress else {
                            initialized = 0
                            return
                        }
                        if last == 0 {
                            run(pa, pb, po)
                        } else if last == 1 {
                            let oa = stride(0, 0), ob = stride(1, 0)
                            for r in 0..<extents[0] { run(pa + r * oa, pb + r * ob, po + r * inner) }
                        } else {
                            var o = 0
                            forEachRun { offsets in
                                run(pa + offsets[0], pb + offsets[1], po + o)
                                o += inner
                            }
                        }
                        initialized = count
                    }
                }
            }
        }
    }

    static func broadcastPlan(_ shapes: [[Int]], of node: Node) throws(ONNXError) -> BroadcastPlan {
        guard let plan = BroadcastPlan(shapes), plan.count <= elementLimit else {
            throw node.inputMismatch("shapes \(shapes.map { "\($0)" }.joined(separator: ", ")) do not broadcast together")
        }
        return plan
    }
}
