/// Transpose by `perm` (default: the dimensions reversed): the output walks the input
/// through its strides, permuted.
extension StandardOperators {
    struct TransposeKernel: Kernel {
        let node: Node
        let permutation: [Int]?

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            self.node = node
            permutation = try node.ints("perm")?.map { Int($0) }
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            let perm = permutation ?? Array((0..<x.rank).reversed())
            guard perm.count == x.rank, perm.sorted() == Array(0..<x.rank) else {
                throw node.invalid("perm", "\(perm) is not a permutation of the \(x.rank) axes of a \(x.shape) input")
            }
            let shape = perm.map { x.shape[$0] }
            let inputStrides = strides(of: x.shape)
            let indices = walkedIndices(shape: shape, sourceStrides: perm.map { inputStrides[$0] })
            return [.tensor(Tensor(shape: shape, elements: select(x.elements, indices)))]
        }
    }
}
