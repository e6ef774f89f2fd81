/// Data movement shared by the shape operators: whatever the storage, an output is the
/// input's elements picked by index (Transpose, Slice, Expand, Where) or copied in blocks
/// (Gather, Concat). Indices here are computed from checked shapes, never read from a file.
extension StandardOperators {
    static func select(_ elements: Tensor.Elements, _ indices: [Int]) -> Tensor.Elements {
        switch elements {
        case .float(let v): .float(pick(v, indices))
        case .double(let v): .double(pick(v, indices))
        case .int64(let v): .int64(pick(v, indices))
        case .string(let v): .string(pick(v, indices))
        case .bool(let v): .bool(pick(v, indices))
        }
    }

    @inline(__always) static func pick<T>(_ values: [T], _ indices: [Int]) -> [T] {
        values.withUnsafeBufferPointer { source in indices.map { source[$0] } }
    }

    /// The flat input index of every output element when the output (of `shape`) walks
    /// the input from `base` advancing `sourceStrides[d]` per step along dimension d:
    /// Slice (strides scaled by steps) and Transpose (strides permuted).
    static func walkedIndices(shape: [Int], sourceStrides: [Int], base: Int = 0) -> [Int] {
        let count = shape.reduce(1, *)
        guard count > 0 else { return [] }
        var indices = [Int]()
        indices.reserveCapacity(count)
        var counter = [Int](repeating: 0, count: shape.count)
        var offset = base
        for _ in 0..<count {
            indices.append(offset)
            var d = shape.count - 1
            while d >= 0 {
                counter[d] += 1
                offset += sourceStrides[d]
                if counter[d] < shape[d] { break }
                offset -= sourceStrides[d] * shape[d]
                counter[d] = 0
                d -= 1
            }
        }
        return indices
    }
}

extension StandardOperators {
    /// `values.map(f)` through raw pointers, so that simple elementwise functions
    /// vectorise (array `map` with a generic closure does not).
    @inline(__always) static func transform<T, R>(_ values: [T], _ f: (T) -> R) -> [R] {
        values.withUnsafeBufferPointer { input in
            [R](unsafeUninitializedCapacity: input.count) { out, initialized in
                guard let source = input.baseAddress, let target = out.baseAddress else {
                    initialized = 0
                    return
                }
                for index in 0..<input.count { (target + index).initialize(to: f(source[index])) }
                initialized = input.count
            }
        }
    }
}
