/// Concat along `axis` (required from opset 4, default 1 before; negative from 11). The
/// inputs share a type and rank and agree on every other dimension.
extension StandardOperators {
    struct ConcatKernel: Kernel {
        let node: Node
        let axis: Int

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            self.node = node
            if let axis = try node.int("axis") {
                self.axis = Int(axis)
            } else if opset < 4 {
                axis = 1
            } else {
                throw node.missing("axis")
            }
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            var parts = [Tensor]()
            for index in inputs.indices { parts.append(try tensor(inputs, index, of: node)) }
            guard let first = parts.first else { throw node.inputMismatch("Concat needs at least one input") }
            let axis = try StandardOperators.axis(self.axis, rank: first.rank, "axis", of: node)
            var shape = first.shape
            shape[axis] = 0
            for (index, part) in parts.enumerated() {
                guard part.elementType == first.elementType else {
                    throw node.inputMismatch("input \(index + 1) is \(part.elementType) but input 1 is \(first.elementType)")
                }
                guard part.rank == first.rank, part.shape.indices.allSatisfy({ $0 == axis || part.shape[$0] == first.shape[$0] }) else {
                    throw node.inputMismatch("input \(index + 1) of shape \(part.shape) does not fit input 1 of shape \(first.shape) along axis \(axis)")
                }
                shape[axis] += part.shape[axis]
            }
            let outer = product(first.shape[..<axis])
            let blocks = parts.map { product($0.shape[axis...]) }
            let elements: Tensor.Elements
            switch first.elements {
            case .float: elements = .float(join(parts.map { $0.floats ?? [] }, outer, blocks))
            case .double: elements = .double(join(parts.map { $0.doubles ?? [] }, outer, blocks))
            case .int64: elements = .int64(join(parts.map { $0.int64s ?? [] }, outer, blocks))
            case .string: elements = .string(join(parts.map { $0.strings ?? [] }, outer, blocks))
            case .bool: elements = .bool(join(parts.map { $0.bools ?? [] }, outer, blocks))
            }
            return [.tensor(Tensor(shape: shape, elements: elements))]
        }

        /// For each of the `outer` rows, each input's block of its row in turn.
        private func join<T>(_ parts: [[T]], _ outer: Int, _ blocks: [Int]) -> [T] {
            if parts.count == 1 { return parts[0] }
            var out = [T]()
            out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
            for row in 0..<outer {
                for (part, block) in zip(parts, blocks) where block > 0 {
                    out.append(contentsOf: part[(row * block)..<((row + 1) * block)])
                }
            }
            return out
        }
    }
}
