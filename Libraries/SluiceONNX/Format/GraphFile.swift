/// A GraphProto as decoded, before its structure is checked.
struct GraphFile: Sendable {
    var name = ""
    var nodes: [Node] = []
    var initializers: [NamedTensor] = []
    var inputs: [ValueInfo] = []
    var outputs: [ValueInfo] = []
    var valueInfo: [ValueInfo] = []

    init(decoding message: ProtobufReader) throws(ONNXError) {
        var reader = message
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case 1: nodes.append(try Node(decoding: reader.messageField(wireType, "GraphProto.node", context: "NodeProto")))
            case 2: name = try reader.stringField(wireType, "GraphProto.name")
            case 5: initializers.append(try NamedTensor(decoding: reader.messageField(wireType, "GraphProto.initializer", context: "TensorProto")))
            case 11: inputs.append(try ValueInfo(decoding: reader.messageField(wireType, "GraphProto.input", context: "ValueInfoProto")))
            case 12: outputs.append(try ValueInfo(decoding: reader.messageField(wireType, "GraphProto.output", context: "ValueInfoProto")))
            case 13: valueInfo.append(try ValueInfo(decoding: reader.messageField(wireType, "GraphProto.value_info", context: "ValueInfoProto")))
            case 15:
                throw ONNXError(.unsupported, "the graph has a sparse initializer, which Sluice does not read; store the initializer densely")
            default: try reader.skip(wireType)
            }
        }
    }
}
