/// NodeProto → Node. Attributes are decoded once the node's name and operator are
/// known, so that their errors can say which node they belong to.
extension Node {
    static let defaultDomain = "ai.onnx"

    init(decoding message: ProtobufReader) throws(ONNXError) {
        var reader = message
        var inputs: [String] = []
        var outputs: [String] = []
        var name = ""
        var opType = ""
        var domain = ""
        var attributeMessages: [ProtobufReader] = []
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case 1: inputs.append(try reader.stringField(wireType, "NodeProto.input"))
            case 2: outputs.append(try reader.stringField(wireType, "NodeProto.output"))
            case 3: name = try reader.stringField(wireType, "NodeProto.name")
            case 4: opType = try reader.stringField(wireType, "NodeProto.op_type")
            case 7: domain = try reader.stringField(wireType, "NodeProto.domain")
            case 5: attributeMessages.append(try reader.messageField(wireType, "NodeProto.attribute", context: "AttributeProto"))
            default: try reader.skip(wireType)
            }
        }
        self.init(name: name, opType: opType, domain: domain.isEmpty ? Self.defaultDomain : domain, inputs: inputs, outputs: outputs, attributes: [:])
        guard !opType.isEmpty else {
            throw ONNXError(.corrupt, "the model file is corrupt: \(label) has no op_type")
        }
        for attributeMessage in attributeMessages {
            let attribute: NamedAttribute
            do {
                attribute = try NamedAttribute(decoding: attributeMessage)
            } catch {
                throw ONNXError(error.code, "\(label): \(error.message)")
            }
            guard attributes[attribute.name] == nil else {
                throw ONNXError(.corrupt, "the model file is corrupt: \(label) has attribute '\(attribute.name)' twice")
            }
            attributes[attribute.name] = attribute.value
        }
    }
}
