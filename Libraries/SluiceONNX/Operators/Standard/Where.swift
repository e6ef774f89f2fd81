/// Where: X where the condition holds, else Y, all three broadcast together. X and Y
/// share any storage type.
extension StandardOperators {
    struct WhereKernel: Kernel {
        let node: Node

        init(_ node: Node, _ opset: Int) {
            self.node = node
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let condition = try tensor(inputs, 0, of: node)
            let x = try tensor(inputs, 1, of: node)
            let y = try tensor(inputs, 2, of: node)
            guard case .bool(let mask) = condition.elements else {
                throw node.inputMismatch("the condition should be bool, found \(condition.elementType)")
            }
            guard x.elementType == y.elementType else {
                throw node.inputMismatch("X is \(x.elementType) but Y is \(y.elementType)")
            }
            let plan = try broadcastPlan([condition.shape, x.shape, y.shape], of: node)
            let c = plan.indices(of: 0), ix = plan.indices(of: 1), iy = plan.indices(of: 2)
            let elements: Tensor.Elements
            switch (x.elements, y.elements) {
            case (.float(let a), .float(let b)): elements = .float(choose(mask, c, a, ix, b, iy))
            case (.double(let a), .double(let b)): elements = .double(choose(mask, c, a, ix, b, iy))
            case (.int64(let a), .int64(let b)): elements = .int64(choose(mask, c, a, ix, b, iy))
            case (.string(let a), .string(let b)): elements = .string(choose(mask, c, a, ix, b, iy))
            case (.bool(let a), .bool(let b)): elements = .bool(choose(mask, c, a, ix, b, iy))
            default: throw node.inputMismatch("X is \(x.elementType) but Y is \(y.elementType)")
            }
            return [.tensor(Tensor(shape: plan.shape, elements: elements))]
        }

        private func choose<T>(_ mask: [Bool], _ c: [Int], _ a: [T], _ ia: [Int], _ b: [T], _ ib: [Int]) -> [T] {
            c.indices.map { mask[c[$0]] ? a[ia[$0]] : b[ib[$0]] }
        }
    }
}
