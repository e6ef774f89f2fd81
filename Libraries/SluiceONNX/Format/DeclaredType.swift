/// A TypeProto as written, before it is reduced to the few types Sluice can feed and
/// return. Kept recursive because sequences and maps nest types.
indirect enum DeclaredType: Equatable {
    case tensor(elementType: UInt64, shape: [Dimension]?)
    case sequence(DeclaredType)
    case map(keyType: UInt64, value: DeclaredType)
    case optional(DeclaredType)
    case sparseTensor(elementType: UInt64)
    case unspecified

    init(decoding message: ProtobufReader) throws(ONNXError) {
        var reader = message
        var type = DeclaredType.unspecified
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case 1: type = try Self.tensor(reader.messageField(wireType, "TypeProto.tensor_type", context: "TypeProto.Tensor"))
            case 4: type = .sequence(try Self.element(reader.messageField(wireType, "TypeProto.sequence_type", context: "TypeProto.Sequence")))
            case 5: type = try Self.map(reader.messageField(wireType, "TypeProto.map_type", context: "TypeProto.Map"))
            case 8: type = .sparseTensor(elementType: try Self.tensorElement(reader.messageField(wireType, "TypeProto.sparse_tensor_type", context: "TypeProto.SparseTensor")))
            case 9: type = .optional(try Self.element(reader.messageField(wireType, "TypeProto.optional_type", context: "TypeProto.Optional")))
            default: try reader.skip(wireType)
            }
        }
        self = type
    }

    private static func tensor(_ message: ProtobufReader) throws(ONNXError) -> DeclaredType {
        var reader = message
        var elementType: UInt64 = 0
        var shape: [Dimension]?
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case 1: elementType = try reader.varintField(wireType, "TypeProto.Tensor.elem_type")
            case 2: shape = try Self.shape(reader.messageField(wireType, "TypeProto.Tensor.shape", context: "TensorShapeProto"))
            default: try reader.skip(wireType)
            }
        }
        return .tensor(elementType: elementType, shape: shape)
    }

    private static func tensorElement(_ message: ProtobufReader) throws(ONNXError) -> UInt64 {
        if case .tensor(let elementType, _) = try tensor(message) { return elementType }
        return 0
    }

    /// The elem_type of a Sequence or an Optional: field 1, a TypeProto.
    private static func element(_ message: ProtobufReader) throws(ONNXError) -> DeclaredType {
        var reader = message
        var element = DeclaredType.unspecified
        while let (number, wireType) = try reader.nextField() {
            if number == 1 {
                element = try DeclaredType(decoding: reader.messageField(wireType, "elem_type", context: "TypeProto"))
            } else {
                try reader.skip(wireType)
            }
        }
        return element
    }

    private static func map(_ message: ProtobufReader) throws(ONNXError) -> DeclaredType {
        var reader = message
        var keyType: UInt64 = 0
        var value = DeclaredType.unspecified
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case 1: keyType = try reader.varintField(wireType, "TypeProto.Map.key_type")
            case 2: value = try DeclaredType(decoding: reader.messageField(wireType, "TypeProto.Map.value_type", context: "TypeProto"))
            default: try reader.skip(wireType)
            }
        }
        return .map(keyType: keyType, value: value)
    }

    private static func shape(_ message: ProtobufReader) throws(ONNXError) -> [Dimension] {
        var reader = message
        var dimensions: [Dimension] = []
        while let (number, wireType) = try reader.nextField() {
            if number == 1 {
                dimensions.append(try dimension(reader.messageField(wireType, "TensorShapeProto.dim", context: "TensorShapeProto.Dimension")))
            } else {
                try reader.skip(wireType)
            }
        }
        return dimensions
    }

    private static func dimension(_ message: ProtobufReader) throws(ONNXError) -> Dimension {
        var reader = message
        var dimension = Dimension.unknown
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case 1:
                let size = try reader.int64Field(wireType, "Dimension.dim_value")
                // Some exporters write -1 for "any size"; it says no more than an absent value.
                dimension = size >= 0 ? .fixed(Int(size)) : .unknown
            case 2:
                let name = try reader.stringField(wireType, "Dimension.dim_param")
                dimension = name.isEmpty ? .unknown : .named(name)
            default:
                try reader.skip(wireType)
            }
        }
        return dimension
    }
}

extension DeclaredType {
    /// The type as the public API shows it.
    var valueType: ValueType {
        switch self {
        case .tensor(let code, let shape):
            if let element = Self.elementType(code) { return .tensor(element: element, shape: shape) }
            return .other(description)
        case .sequence(.map(let keyCode, .tensor(let valueCode, _))):
            if let key = Self.elementType(keyCode), let value = Self.elementType(valueCode) {
                return .sequenceOfMaps(key: key, value: value)
            }
            return .other(description)
        default:
            return .other(description)
        }
    }

    var description: String {
        switch self {
        case .tensor(let code, _): "tensor(\(Self.elementName(code)))"
        case .sequence(let element): "seq(\(element.description))"
        case .map(let key, let value): "map(\(Self.elementName(key)), \(value.description))"
        case .optional(let element): "optional(\(element.description))"
        case .sparseTensor(let code): "sparse_tensor(\(Self.elementName(code)))"
        case .unspecified: "an unspecified type"
        }
    }

    private static func elementType(_ code: UInt64) -> ElementType? {
        guard code > 0, code <= 64, let type = ElementType(rawValue: Int(code)) else { return nil }
        return type
    }

    private static func elementName(_ code: UInt64) -> String {
        elementType(code)?.description ?? "element type \(code)"
    }
}
