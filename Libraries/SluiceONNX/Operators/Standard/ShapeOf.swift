/// Shape and Size: a tensor's dimensions (optionally the `start`..<`end` slice of them,
/// opset 15, negative and clamped like Slice) and its element count, as int64.
extension StandardOperators {
    struct ShapeKernel: Kernel {
        let node: Node
        let start: Int
        let end: Int?

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            self.node = node
            start = opset >= 15 ? Int(try node.int("start", default: 0)) : 0
            end = opset >= 15 ? try node.int("end").map { Int($0) } : nil
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            let rank = x.rank
            func clamp(_ value: Int) -> Int { Swift.min(Swift.max(value < 0 ? value + rank : value, 0), rank) }
            let first = clamp(start), last = Swift.max(first, clamp(end ?? rank))
            let dimensions = x.shape[first..<last].map { Int64($0) }
            return [.tensor(Tensor(shape: [dimensions.count], int64s: dimensions))]
        }
    }

    struct SizeKernel: Kernel {
        let node: Node

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            return [.tensor(Tensor(shape: [], int64s: [Int64(x.count)]))]
        }
    }
}
