/// Singular fields, with their wire type checked against the declaration.
extension ProtobufReader {
    mutating func varintField(_ wireType: WireType, _ field: String) throws(ONNXError) -> UInt64 {
        guard wireType == .varint else { throw wrongWireType(field, wireType) }
        return try readVarint()
    }

    /// An int64 field; protobuf writes negative values as their two's complement.
    mutating func int64Field(_ wireType: WireType, _ field: String) throws(ONNXError) -> Int64 {
        Int64(bitPattern: try varintField(wireType, field))
    }

    mutating func floatField(_ wireType: WireType, _ field: String) throws(ONNXError) -> Float {
        guard wireType == .fixed32 else { throw wrongWireType(field, wireType) }
        return Float(bitPattern: try readFixed32())
    }

    mutating func stringField(_ wireType: WireType, _ field: String) throws(ONNXError) -> String {
        guard wireType == .lengthDelimited else { throw wrongWireType(field, wireType) }
        return try readString()
    }

    mutating func bytesField(_ wireType: WireType, _ field: String) throws(ONNXError) -> ArraySlice<UInt8> {
        guard wireType == .lengthDelimited else { throw wrongWireType(field, wireType) }
        return try readBytes()
    }

    mutating func messageField(_ wireType: WireType, _ field: String, context: String) throws(ONNXError) -> ProtobufReader {
        guard wireType == .lengthDelimited else { throw wrongWireType(field, wireType) }
        return try readMessage(context)
    }
}
