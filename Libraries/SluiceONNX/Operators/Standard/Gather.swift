/// Gather along `axis` (default 0): the output is data's shape with that axis replaced by
/// the indices' shape. Negative indices count from the end; any index out of range is an
/// error naming the node.
extension StandardOperators {
    struct GatherKernel: Kernel {
        let node: Node
        let axis: Int

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            self.node = node
            axis = Int(try node.int("axis", default: 0))
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let data = try tensor(inputs, 0, of: node)
            let indexTensor = try tensor(inputs, 1, of: node)
            guard case .int64(let raw) = indexTensor.elements else {
                throw node.inputMismatch("indices should be int64 or int32, found \(indexTensor.elementType)")
            }
            let axis = try StandardOperators.axis(self.axis, rank: data.rank, "axis", of: node)
            let length = data.shape[axis]
            var positions = [Int]()
            positions.reserveCapacity(raw.count)
            for value in raw {
                let position = value < 0 ? Int(value) + length : Int(value)
                guard position >= 0, position < length else {
                    throw node.inputMismatch("index \(value) is out of range for axis \(axis) of size \(length)")
                }
                positions.append(position)
            }
            let outer = product(data.shape[..<axis])
            let block = product(data.shape[(axis + 1)...])
            let shape = Array(data.shape[..<axis]) + indexTensor.shape + Array(data.shape[(axis + 1)...])
            var indices = [Int]()
            indices.reserveCapacity(outer * positions.count * block)
            for row in 0..<outer {
                for position in positions {
                    let start = (row * length + position) * block
                    for offset in 0..<block { indices.append(start + offset) }
                }
            }
            return [.tensor(Tensor(shape: shape, elements: select(data.elements, indices)))]
        }
    }
}
