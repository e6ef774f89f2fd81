/// A ModelProto as decoded: the fields Sluice uses, nothing checked beyond the bytes.
struct ModelFile: Sendable {
    var irVersion: Int64 = 0
    /// Domain ("" read as "ai.onnx") → the highest version imported for it, the one the
    /// nodes of that domain bind to.
    var opsets: [String: Int] = [:]
    var producerName = ""
    var producerVersion = ""
    var graph: GraphFile?
    var metadata: [String: String] = [:]

    init(bytes: [UInt8]) throws(ONNXError) {
        var reader = ProtobufReader(bytes: bytes, context: "ModelProto")
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case 1: irVersion = try reader.int64Field(wireType, "ModelProto.ir_version")
            case 2: producerName = try reader.stringField(wireType, "ModelProto.producer_name")
            case 3: producerVersion = try reader.stringField(wireType, "ModelProto.producer_version")
            case 7: graph = try GraphFile(decoding: reader.messageField(wireType, "ModelProto.graph", context: "GraphProto"))
            case 8:
                let (domain, version) = try Self.opset(reader.messageField(wireType, "ModelProto.opset_import", context: "OperatorSetIdProto"))
                opsets[domain] = max(opsets[domain] ?? version, version)
            case 14:
                let (key, value) = try Self.entry(reader.messageField(wireType, "ModelProto.metadata_props", context: "StringStringEntryProto"))
                metadata[key] = value
            default: try reader.skip(wireType)
            }
        }
    }

    private static func opset(_ message: ProtobufReader) throws(ONNXError) -> (String, Int) {
        var reader = message
        var domain = ""
        var version: Int64 = 0
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case 1: domain = try reader.stringField(wireType, "OperatorSetIdProto.domain")
            case 2: version = try reader.int64Field(wireType, "OperatorSetIdProto.version")
            default: try reader.skip(wireType)
            }
        }
        let name = domain.isEmpty ? Node.defaultDomain : domain
        guard version >= 0, let exact = Int(exactly: version) else {
            throw ONNXError(.corrupt, "the model file is corrupt: it imports opset \(version) of \(name)")
        }
        return (name, exact)
    }

    private static func entry(_ message: ProtobufReader) throws(ONNXError) -> (String, String) {
        var reader = message
        var key = ""
        var value = ""
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case 1: key = try reader.stringField(wireType, "StringStringEntryProto.key")
            case 2: value = try reader.stringField(wireType, "StringStringEntryProto.value")
            default: try reader.skip(wireType)
            }
        }
        return (key, value)
    }
}
