/// Operators that change only a tensor's shape: Reshape, Flatten, Squeeze, Unsqueeze and
/// Identity. The elements are shared, not copied.
extension StandardOperators {
    /// Reshape: the target shape is the `shape` attribute before opset 5 and input 2
    /// from 5. A 0 copies the input's dimension (unless `allowzero`, opset 14, makes it a
    /// real 0) and one -1 takes whatever is left.
    struct ReshapeKernel: Kernel {
        let node: Node
        let attributeShape: [Int]?
        let allowZero: Bool

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            self.node = node
            if opset < 5 {
                guard let shape = try node.ints("shape") else { throw node.missing("shape") }
                attributeShape = shape.map { Int($0) }
            } else {
                attributeShape = nil
            }
            allowZero = opset >= 14 ? try node.int("allowzero", default: 0) != 0 : false
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            let requested: [Int]
            if let attributeShape { requested = attributeShape } else {
                requested = try integers(try tensor(inputs, 1, of: node), "the shape (input 2)", of: node)
            }
            var shape = requested
            var inferred: Int?
            for (index, dimension) in requested.enumerated() {
                switch dimension {
                case -1:
                    guard inferred == nil else { throw node.inputMismatch("shape \(requested) has more than one -1") }
                    inferred = index
                case 0 where !allowZero:
                    guard index < x.rank else { throw node.inputMismatch("shape \(requested) copies dimension \(index), which a \(x.shape) input lacks") }
                    shape[index] = x.shape[index]
                case ..<0:
                    throw node.inputMismatch("shape \(requested) has a negative dimension")
                default: break
                }
            }
            if let inferred {
                shape[inferred] = 1
                guard allowZero == false || !requested.contains(0) else {
                    throw node.inputMismatch("shape \(requested) has both -1 and 0 while allowzero is set")
                }
                guard let known = Tensor.elementCount(shape), known > 0, x.count % known == 0 else {
                    throw node.inputMismatch("cannot reshape \(x.shape) (\(x.count) elements) to \(requested)")
                }
                shape[inferred] = x.count / known
            }
            guard Tensor.elementCount(shape) == x.count else {
                throw node.inputMismatch("cannot reshape \(x.shape) (\(x.count) elements) to \(requested)")
            }
            return [.tensor(Tensor(shape: shape, elements: x.elements))]
        }
    }

    /// Flatten to 2-D: dimensions before `axis` (default 1, negative from opset 11, and
    /// equal to the rank allowed) make the rows.
    struct FlattenKernel: Kernel {
        let node: Node
        let axis: Int

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            self.node = node
            axis = Int(try node.int("axis", default: 1))
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            let split = try StandardOperators.axis(axis, rank: x.rank + 1, "axis", of: node)
            let shape = [product(x.shape[..<split]), product(x.shape[split...])]
            return [.tensor(Tensor(shape: shape, elements: x.elements))]
        }
    }

    /// Squeeze: axes are an attribute before opset 13 and optional input 2 from 13; with
    /// none, every dimension of size 1 goes.
    struct SqueezeKernel: Kernel {
        let node: Node
        let attributeAxes: [Int]?
        let axesFromInput: Bool

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            self.node = node
            axesFromInput = opset >= 13
            attributeAxes = axesFromInput ? nil : try node.ints("axes")?.map { Int($0) }
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            let requested = axesFromInput
                ? try optionalTensor(inputs, 1, of: node).map { t throws(ONNXError) in try integers(t, "axes (input 2)", of: node) }
                : attributeAxes
            let shape: [Int]
            if let requested {
                let removed = try axes(requested, rank: x.rank, "axes", of: node)
                for axis in removed where x.shape[axis] != 1 {
                    throw node.inputMismatch("cannot squeeze axis \(axis) of shape \(x.shape): its size is not 1")
                }
                shape = x.shape.indices.filter { !removed.contains($0) }.map { x.shape[$0] }
            } else {
                shape = x.shape.filter { $0 != 1 }
            }
            return [.tensor(Tensor(shape: shape, elements: x.elements))]
        }
    }

    /// Unsqueeze: axes (required) are an attribute before opset 13 and input 2 from 13,
    /// each naming a position in the output.
    struct UnsqueezeKernel: Kernel {
        let node: Node
        let attributeAxes: [Int]?

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            self.node = node
            if opset < 13 {
                guard let axes = try node.ints("axes") else { throw node.missing("axes") }
                attributeAxes = axes.map { Int($0) }
            } else {
                attributeAxes = nil
            }
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            let requested: [Int]
            if let attributeAxes { requested = attributeAxes } else {
                requested = try integers(try tensor(inputs, 1, of: node), "axes (input 2)", of: node)
            }
            let inserted = try axes(requested, rank: x.rank + requested.count, "axes", of: node)
            var remaining = x.shape.makeIterator()
            let shape = (0..<(x.rank + requested.count)).map { inserted.contains($0) ? 1 : remaining.next() ?? 1 }
            return [.tensor(Tensor(shape: shape, elements: x.elements))]
        }
    }

    struct IdentityKernel: Kernel {
        let node: Node

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            guard let value = inputs.first ?? nil else { throw node.inputMismatch("input 1 is missing") }
            return [value]
        }
    }
}
