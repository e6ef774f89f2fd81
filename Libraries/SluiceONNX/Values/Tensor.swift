/// A dense tensor in row-major order. Integer element types narrower than 64 bits are
/// held as Int64 (tabular models use them only for labels, indices and shapes), so
/// operators handle five kinds of storage instead of thirteen.
public struct Tensor: Sendable, Equatable {
    public enum Elements: Sendable, Equatable {
        case float([Float])
        case double([Double])
        case int64([Int64])
        case string([String])
        case bool([Bool])

        public var count: Int {
            switch self {
            case .float(let v): v.count
            case .double(let v): v.count
            case .int64(let v): v.count
            case .string(let v): v.count
            case .bool(let v): v.count
            }
        }

        public var elementType: ElementType {
            switch self {
            case .float: .float
            case .double: .double
            case .int64: .int64
            case .string: .string
            case .bool: .bool
            }
        }
    }

    public var shape: [Int]
    public var elements: Elements

    /// The caller guarantees `elements.count` is the product of `shape`; the decoder and
    /// the operators check it before building a tensor from untrusted sizes.
    public init(shape: [Int], elements: Elements) {
        self.shape = shape
        self.elements = elements
    }

    public init(shape: [Int], floats: [Float]) { self.init(shape: shape, elements: .float(floats)) }
    public init(shape: [Int], doubles: [Double]) { self.init(shape: shape, elements: .double(doubles)) }
    public init(shape: [Int], int64s: [Int64]) { self.init(shape: shape, elements: .int64(int64s)) }
    public init(shape: [Int], strings: [String]) { self.init(shape: shape, elements: .string(strings)) }
    public init(shape: [Int], bools: [Bool]) { self.init(shape: shape, elements: .bool(bools)) }

    public var count: Int { elements.count }
    public var rank: Int { shape.count }
    public var elementType: ElementType { elements.elementType }

    /// The number of elements a shape holds, or nil when a dimension is negative or the
    /// product overflows (a corrupt file must not trap).
    public static func elementCount(_ shape: [Int]) -> Int? {
        var total = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            total = product
        }
        return total
    }

    public var floats: [Float]? { if case .float(let v) = elements { v } else { nil } }
    public var doubles: [Double]? { if case .double(let v) = elements { v } else { nil } }
    public var int64s: [Int64]? { if case .int64(let v) = elements { v } else { nil } }
    public var strings: [String]? { if case .string(let v) = elements { v } else { nil } }
    public var bools: [Bool]? { if case .bool(let v) = elements { v } else { nil } }
}
