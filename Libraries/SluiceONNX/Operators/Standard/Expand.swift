/// Expand: the input broadcast with the shape given as input 2, both ways (a 1 in the
/// shape keeps the input's dimension), as numpy broadcasting does.
extension StandardOperators {
    struct ExpandKernel: Kernel {
        let node: Node

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            let requested = try integers(try tensor(inputs, 1, of: node), "the shape (input 2)", of: node)
            guard requested.allSatisfy({ $0 >= 0 }) else { throw node.inputMismatch("shape \(requested) has a negative dimension") }
            let plan = try broadcastPlan([x.shape, requested], of: node)
            return [.tensor(Tensor(shape: plan.shape, elements: select(x.elements, plan.indices(of: 0))))]
        }
    }
}
