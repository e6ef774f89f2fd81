/// Reading a node's inputs at run time and its axis-like attributes at load time, with
/// errors that name the node. Sizes and indices come from files, so every one is
/// checked before it is used.
extension StandardOperators {
    /// The most elements an operator will allocate for a shape it computes from data
    /// (ConstantOfShape, Expand): past this a corrupt shape would exhaust memory.
    static let elementLimit = 1 << 28

    static func tensor(_ inputs: [Value?], _ index: Int, of node: Node) throws(ONNXError) -> Tensor {
        guard let tensor = try optionalTensor(inputs, index, of: node) else {
            throw node.inputMismatch("input \(index + 1) is missing, and \(node.opType) requires it")
        }
        return tensor
    }

    /// An input that may be omitted: absent from the list, an empty name (nil), or a tensor.
    static func optionalTensor(_ inputs: [Value?], _ index: Int, of node: Node) throws(ONNXError) -> Tensor? {
        guard index < inputs.count, let value = inputs[index] else { return nil }
        guard case .tensor(let tensor) = value else {
            throw node.inputMismatch("input \(index + 1) is a sequence of maps (ZipMap output), not a tensor")
        }
        return tensor
    }

    /// A 1-D (or scalar) integer tensor read as a list: shapes, axes, starts and ends.
    static func integers(_ tensor: Tensor, _ what: String, of node: Node) throws(ONNXError) -> [Int] {
        guard case .int64(let values) = tensor.elements else {
            throw node.inputMismatch("\(what) should be an int64 tensor, found \(tensor.elementType)")
        }
        guard tensor.rank <= 1 else { throw node.inputMismatch("\(what) should be 1-D, found shape \(tensor.shape)") }
        return values.map { Int($0) }
    }

    /// One axis, negative counting from the end, checked against `rank` (which for
    /// Flatten and Unsqueeze is not the input's rank).
    static func axis(_ value: Int, rank: Int, _ what: String, of node: Node) throws(ONNXError) -> Int {
        let resolved = value < 0 ? value + rank : value
        guard resolved >= 0, resolved < rank else {
            throw node.inputMismatch("\(what) \(value) is outside the range of a rank-\(rank) tensor")
        }
        return resolved
    }

    /// Several axes, resolved and checked to be distinct.
    static func axes(_ values: [Int], rank: Int, _ what: String, of node: Node) throws(ONNXError) -> [Int] {
        var resolved = [Int]()
        resolved.reserveCapacity(values.count)
        for value in values {
            let axis = try axis(value, rank: rank, what, of: node)
            guard !resolved.contains(axis) else { throw node.inputMismatch("\(what) names axis \(value) twice") }
            resolved.append(axis)
        }
        return resolved
    }

    /// The element count of a shape computed from data, refusing negative dimensions,
    /// overflow and sizes past `elementLimit`.
    static func elementCount(_ shape: [Int], of node: Node) throws(ONNXError) -> Int {
        guard let count = Tensor.elementCount(shape) else {
            throw node.inputMismatch("shape \(shape) has a negative dimension or too many elements")
        }
        guard count <= elementLimit else { throw node.inputMismatch("shape \(shape) has \(count) elements, more than \(elementLimit)") }
        return count
    }

    static func product(_ dimensions: ArraySlice<Int>) -> Int { dimensions.reduce(1, *) }

    /// Row-major strides of a shape whose element count is known to fit.
    static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for index in shape.indices.reversed() {
            strides[index] = running
            running *= shape[index]
        }
        return strides
    }
}
