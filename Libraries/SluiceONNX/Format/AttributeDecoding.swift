/// AttributeProto → (name, Attribute). The `type` discriminator picks the value field;
/// files from IR version 1 have no discriminator, so then the field that is present
/// decides. Graph-valued attributes are recognised but not decoded (no supported
/// operator runs a subgraph).
struct NamedAttribute {
    var name: String
    var value: Attribute

    // AttributeProto.AttributeType numbers from onnx.proto.
    private enum Kind: UInt64 {
        case undefined = 0, float, int, string, tensor, graph, floats, ints, strings, tensors, graphs
        case sparseTensor = 11, sparseTensors = 12, typeProto = 13, typeProtos = 14
    }

    init(decoding message: ProtobufReader) throws(ONNXError) {
        var reader = message
        var name = ""
        var kindCode: UInt64 = 0
        var float: Float?
        var int: Int64?
        var string: String?
        var tensor: Tensor?
        var hasGraph = false
        var floats: [UInt32] = []
        var ints: [UInt64] = []
        var strings: [String] = []
        var tensors: [Tensor] = []
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case 1: name = try reader.stringField(wireType, "AttributeProto.name")
            case 20: kindCode = try reader.varintField(wireType, "AttributeProto.type")
            case 2: float = try reader.floatField(wireType, "AttributeProto.f")
            case 3: int = try reader.int64Field(wireType, "AttributeProto.i")
            case 4: string = try reader.stringField(wireType, "AttributeProto.s")
            case 5: tensor = try NamedTensor(decoding: reader.messageField(wireType, "AttributeProto.t", context: "TensorProto")).tensor
            case 6, 11: hasGraph = true; try reader.skip(wireType)
            case 7: try reader.appendFixed32s(wireType, field: "AttributeProto.floats", to: &floats)
            case 8: try reader.appendVarints(wireType, field: "AttributeProto.ints", to: &ints)
            case 9: strings.append(try reader.stringField(wireType, "AttributeProto.strings"))
            case 10: tensors.append(try NamedTensor(decoding: reader.messageField(wireType, "AttributeProto.tensors", context: "TensorProto")).tensor)
            default: try reader.skip(wireType)
            }
        }
        guard var kind = Kind(rawValue: kindCode) else {
            throw ONNXError(.corrupt, "the model file is corrupt: attribute '\(name)' has type \(kindCode), which onnx.proto does not define")
        }
        if kind == .undefined {
            kind = if float != nil { .float }
                else if int != nil { .int }
                else if string != nil { .string }
                else if tensor != nil { .tensor }
                else if hasGraph { .graph }
                else if !floats.isEmpty { .floats }
                else if !ints.isEmpty { .ints }
                else if !strings.isEmpty { .strings }
                else if !tensors.isEmpty { .tensors }
                else { .undefined }
        }
        self.name = name
        // Writers may leave out a scalar that equals its default (zero, empty), as proto3 does.
        switch kind {
        case .float: value = .float(float ?? 0)
        case .int: value = .int(int ?? 0)
        case .string: value = .string(string ?? "")
        case .tensor:
            guard let tensor else {
                throw ONNXError(.corrupt, "the model file is corrupt: attribute '\(name)' is of type tensor but holds none")
            }
            value = .tensor(tensor)
        case .graph, .graphs: value = .graph
        case .floats: value = .floats(floats.map { Float(bitPattern: $0) })
        case .ints: value = .ints(ints.map { Int64(bitPattern: $0) })
        case .strings: value = .strings(strings)
        case .tensors: value = .tensors(tensors)
        case .sparseTensor, .sparseTensors:
            throw ONNXError(.unsupported, "attribute '\(name)' holds a sparse tensor, which Sluice does not read")
        case .typeProto, .typeProtos:
            throw ONNXError(.unsupported, "attribute '\(name)' holds a type, which Sluice does not read")
        case .undefined:
            throw ONNXError(.corrupt, "the model file is corrupt: attribute '\(name)' has neither a type nor a value")
        }
    }
}
