/// Clip: bounds as attributes `min`/`max` before opset 11, as optional scalar inputs 2
/// and 3 from 11 (any number type, matching the input). A missing bound does not clip;
/// when min exceeds max every element becomes max, as the spec says.
extension StandardOperators {
    struct ClipKernel: Kernel {
        let node: Node
        let attributeBounds: (min: Float?, max: Float?)?

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            self.node = node
            attributeBounds = opset < 11 ? (try node.float("min"), try node.float("max")) : nil
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            let low = try bound(inputs, 1, "min", like: x)
            let high = try bound(inputs, 2, "max", like: x)
            let elements: Tensor.Elements
            switch x.elements {
            case .float(let v): elements = .float(clip(v, low.map { Float($0) }, high.map { Float($0) }))
            case .double(let v): elements = .double(clip(v, low, high))
            case .int64(let v):
                let lo = try low.map { value throws(ONNXError) in try integral(value) }
                let hi = try high.map { value throws(ONNXError) in try integral(value) }
                elements = .int64(clip(v, lo, hi))
            case .string, .bool: throw node.inputMismatch("Clip does not take \(x.elementType) tensors")
            }
            return [.tensor(Tensor(shape: x.shape, elements: elements))]
        }

        private func integral(_ value: Double) throws(ONNXError) -> Int64 {
            guard let exact = Int64(exactly: value) else { throw node.inputMismatch("Clip bound \(value) is not an int64") }
            return exact
        }

        /// A bound as Double (exact for float, and for the int64 bounds tabular models use).
        private func bound(_ inputs: [Value?], _ index: Int, _ name: String, like x: Tensor) throws(ONNXError) -> Double? {
            if let attributeBounds {
                return (name == "min" ? attributeBounds.min : attributeBounds.max).map { Double($0) }
            }
            guard let tensor = try optionalTensor(inputs, index, of: node) else { return nil }
            guard tensor.count == 1 else { throw node.inputMismatch("Clip's \(name) should be a scalar, found shape \(tensor.shape)") }
            guard tensor.elementType == x.elementType else {
                throw node.inputMismatch("Clip's \(name) is \(tensor.elementType) but its input is \(x.elementType)")
            }
            switch tensor.elements {
            case .int64(let v): return v.first.map { Double($0) }
            default: return tensor.asDoubles()?.first
            }
        }

        private func clip<T: Comparable>(_ v: [T], _ low: T?, _ high: T?) -> [T] {
            switch (low, high) {
            case (nil, nil): return v
            case (let lo?, nil): return v.map { $0 < lo ? lo : $0 }
            case (nil, let hi?): return v.map { $0 > hi ? hi : $0 }
            case (let lo?, let hi?): return v.map { let raised = $0 < lo ? lo : $0; return raised > hi ? hi : raised }
            }
        }
    }
}
