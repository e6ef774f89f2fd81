/// Numeric views of a tensor for operators that compute in one type whatever their
/// input's storage (the ai.onnx.ml operators take float, double, int64 or int32 alike).
extension Tensor {
    /// The elements as Float, or nil for strings.
    public func asFloats() -> [Float]? {
        switch elements {
        case .float(let v): v
        case .double(let v): v.map { Float($0) }
        case .int64(let v): v.map { Float($0) }
        case .bool(let v): v.map { $0 ? 1 : 0 }
        case .string: nil
        }
    }

    /// The elements as Double, or nil for strings.
    public func asDoubles() -> [Double]? {
        switch elements {
        case .float(let v): v.map { Double($0) }
        case .double(let v): v
        case .int64(let v): v.map { Double($0) }
        case .bool(let v): v.map { $0 ? 1 : 0 }
        case .string: nil
        }
    }

    /// The elements as Int64 (floats truncated toward zero), or nil for strings and
    /// for floats that are NaN or outside Int64's range.
    public func asInt64s() -> [Int64]? {
        switch elements {
        case .int64(let v): return v
        case .bool(let v): return v.map { $0 ? 1 : 0 }
        case .float(let v): return Self.truncate(v.map { Double($0) })
        case .double(let v): return Self.truncate(v)
        case .string: return nil
        }
    }

    private static func truncate(_ values: [Double]) -> [Int64]? {
        var out = [Int64]()
        out.reserveCapacity(values.count)
        for value in values {
            guard let exact = Int64(exactly: value.rounded(.towardZero)) else { return nil }
            out.append(exact)
        }
        return out
    }

    /// Rows and columns of a tensor read as a matrix: [N, C] as is, [C] as one row,
    /// higher ranks as [shape[0], rest]. Tabular operators see their input this way.
    public var matrixShape: (rows: Int, columns: Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (1, shape[0])
        default: return (shape[0], shape.dropFirst().reduce(1, *))
        }
    }
}
