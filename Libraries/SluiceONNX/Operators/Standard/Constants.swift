/// Constant (its tensor from `value`, or from opset 12 one of `value_float(s)`,
/// `value_int(s)`, `value_string(s)`) and ConstantOfShape (input 1 gives the shape, the
/// one-element `value` tensor the fill, float 0 by default).
extension StandardOperators {
    struct ConstantKernel: Kernel {
        let value: Tensor

        static func value(of node: Node) throws(ONNXError) -> Tensor {
            let present = node.attributes.keys.filter { $0.hasPrefix("value") }
            guard present.count == 1, let key = present.first, let attribute = node.attributes[key] else {
                throw node.invalid("value", "Constant needs exactly one of value, value_float(s), value_int(s), value_string(s); found \(present.sorted())")
            }
            switch (key, attribute) {
            case ("value", .tensor(let tensor)): return tensor
            case ("value_float", .float(let v)): return Tensor(shape: [], floats: [v])
            case ("value_floats", .floats(let v)): return Tensor(shape: [v.count], floats: v)
            case ("value_int", .int(let v)): return Tensor(shape: [], int64s: [v])
            case ("value_ints", .ints(let v)): return Tensor(shape: [v.count], int64s: v)
            case ("value_string", .string(let v)): return Tensor(shape: [], strings: [v])
            case ("value_strings", .strings(let v)): return Tensor(shape: [v.count], strings: v)
            default: throw node.invalid(key, "of kind \(Node.kind(of: attribute)) is not a constant Sluice supports")
            }
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] { [.tensor(value)] }
    }

    struct ConstantOfShapeKernel: Kernel {
        let node: Node
        let fill: Tensor.Elements

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            self.node = node
            let value = try node.tensor("value") ?? Tensor(shape: [1], floats: [0])
            guard value.count == 1 else { throw node.invalid("value", "should hold one element, found \(value.count)") }
            fill = value.elements
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let shape = try integers(try tensor(inputs, 0, of: node), "the shape (input 1)", of: node)
            let count = try elementCount(shape, of: node)
            return [.tensor(Tensor(shape: shape, elements: select(fill, [Int](repeating: 0, count: count))))]
        }
    }
}
