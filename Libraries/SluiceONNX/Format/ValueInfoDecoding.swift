/// ValueInfoProto → ValueInfo.
extension ValueInfo {
    init(decoding message: ProtobufReader) throws(ONNXError) {
        var reader = message
        var name = ""
        var type = DeclaredType.unspecified
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case 1: name = try reader.stringField(wireType, "ValueInfoProto.name")
            case 2: type = try DeclaredType(decoding: reader.messageField(wireType, "ValueInfoProto.type", context: "TypeProto"))
            default: try reader.skip(wireType)
            }
        }
        self.init(name: name, type: type.valueType)
    }
}
