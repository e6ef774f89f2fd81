/// A graph input or output as the model declares it (ValueInfoProto).
public struct ValueInfo: Sendable, Equatable {
    public var name: String
    public var type: ValueType

    public init(name: String, type: ValueType) {
        self.name = name
        self.type = type
    }
}

/// The declared type of a value (TypeProto). Tabular models use tensors, and ZipMap's
/// sequence of maps; anything else is kept as a description for error messages.
public enum ValueType: Sendable, Equatable, CustomStringConvertible {
    /// `shape` is nil when the model leaves the rank unknown.
    case tensor(element: ElementType, shape: [Dimension]?)
    case sequenceOfMaps(key: ElementType, value: ElementType)
    case other(String)

    public var description: String {
        switch self {
        case .tensor(let element, let shape?): "tensor(\(element)) \(Dimension.describe(shape))"
        case .tensor(let element, nil): "tensor(\(element))"
        case .sequenceOfMaps(let key, let value): "seq(map(\(key), tensor(\(value))))"
        case .other(let text): text
        }
    }
}

/// One dimension of a declared shape: a number, a symbolic name (dim_param, such as a
/// batch size "N"), or neither.
public enum Dimension: Sendable, Equatable, CustomStringConvertible {
    case fixed(Int)
    case named(String)
    case unknown

    public var description: String {
        switch self {
        case .fixed(let size): "\(size)"
        case .named(let name): name
        case .unknown: "?"
        }
    }

    /// "[N, 4]", the way error messages show a declared shape.
    public static func describe(_ shape: [Dimension]) -> String {
        "[" + shape.map(\.description).joined(separator: ", ") + "]"
    }
}
