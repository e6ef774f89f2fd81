/// Slice: `starts`, `ends` and optional `axes` are attributes before opset 10; from 10
/// they are inputs 2-4 with optional `steps` (input 5). Negative positions count from
/// the end and are clamped to the dimension (to [0, d] for positive steps, [-1, d-1] for
/// negative ones), so ends like INT64_MAX mean "to the end".
extension StandardOperators {
    struct SliceKernel: Kernel {
        let node: Node
        let attributes: (starts: [Int], ends: [Int], axes: [Int]?)?

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            self.node = node
            if opset < 10 {
                guard let starts = try node.ints("starts") else { throw node.missing("starts") }
                guard let ends = try node.ints("ends") else { throw node.missing("ends") }
                attributes = (starts.map { Int($0) }, ends.map { Int($0) }, try node.ints("axes")?.map { Int($0) })
            } else {
                attributes = nil
            }
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let data = try tensor(inputs, 0, of: node)
            let starts: [Int], ends: [Int], requestedAxes: [Int]?, steps: [Int]?
            if let attributes {
                (starts, ends, requestedAxes, steps) = (attributes.starts, attributes.ends, attributes.axes, nil)
            } else {
                starts = try integers(try tensor(inputs, 1, of: node), "starts (input 2)", of: node)
                ends = try integers(try tensor(inputs, 2, of: node), "ends (input 3)", of: node)
                requestedAxes = try optionalTensor(inputs, 3, of: node).map { t throws(ONNXError) in try integers(t, "axes (input 4)", of: node) }
                steps = try optionalTensor(inputs, 4, of: node).map { t throws(ONNXError) in try integers(t, "steps (input 5)", of: node) }
            }
            let axes = try StandardOperators.axes(requestedAxes ?? Array(0..<starts.count), rank: data.rank, "axes", of: node)
            guard ends.count == starts.count, axes.count == starts.count, (steps?.count ?? starts.count) == starts.count else {
                throw node.inputMismatch("starts, ends, axes and steps should have one entry per sliced axis")
            }
            var first = [Int](repeating: 0, count: data.rank)
            var step = [Int](repeating: 1, count: data.rank)
            var shape = data.shape
            for (entry, axis) in axes.enumerated() {
                let length = data.shape[axis]
                let stride = steps?[entry] ?? 1
                guard stride != 0 else { throw node.inputMismatch("steps may not be 0") }
                let start = Self.clamp(starts[entry], length, forward: stride > 0, isEnd: false)
                let end = Self.clamp(ends[entry], length, forward: stride > 0, isEnd: true)
                // Steps and ends can be as large as Int64 allows: count in wide arithmetic.
                let distance = stride > 0 ? end - start : start - end
                let magnitude = stride.magnitude
                let count = distance <= 0 ? 0 : Int((UInt(distance) + magnitude - 1) / magnitude)
                first[axis] = start
                step[axis] = count > 1 ? stride : 1
                shape[axis] = count
            }
            let inputStrides = strides(of: data.shape)
            let base = zip(first, inputStrides).reduce(0) { $0 + $1.0 * $1.1 }
            let indices = walkedIndices(shape: shape, sourceStrides: zip(step, inputStrides).map { $0 * $1 }, base: base)
            return [.tensor(Tensor(shape: shape, elements: select(data.elements, indices)))]
        }

        private static func clamp(_ value: Int, _ length: Int, forward: Bool, isEnd: Bool) -> Int {
            let resolved = value < 0 ? value &+ length : value
            if forward { return Swift.min(Swift.max(resolved, 0), length) }
            return Swift.min(Swift.max(resolved, isEnd ? -1 : 0), length - 1)
        }
    }
}
