/// Reads one protobuf message from a byte range of the model file. Every read is bounds
/// checked: a length or value that runs past the end of the enclosing message is
/// `.truncated`, anything else that cannot be protobuf is `.corrupt`; both carry the
/// byte offset in the file. Sub-messages share the file's storage, so descending into
/// a field copies no bytes.
struct ProtobufReader {
    /// Deeper nesting than this is refused: ONNX's own recursion (TypeProto inside
    /// TypeProto) is shallow, and a hostile file must not exhaust the stack.
    static let maximumDepth = 64

    let bytes: [UInt8]
    var position: Int
    let end: Int
    let depth: Int
    /// What is being read, for error messages ("TensorProto 'w'").
    let context: String

    init(bytes: [UInt8], context: String) {
        self.init(bytes: bytes, range: 0..<bytes.count, depth: 0, context: context)
    }

    private init(bytes: [UInt8], range: Range<Int>, depth: Int, context: String) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.depth = depth
        self.context = context
    }

    var isAtEnd: Bool { position >= end }

    /// The next field's number and wire type, or nil at the end of the message.
    mutating func nextField() throws(ONNXError) -> (number: Int, wireType: WireType)? {
        guard position < end else { return nil }
        let start = position
        let key = try readVarint()
        let rawWireType = UInt8(key & 7)
        let number = key >> 3
        guard number > 0, number <= 0x1FFF_FFFF else {
            throw corrupt("field number \(number)", at: start)
        }
        guard let wireType = WireType(rawValue: rawWireType) else {
            let what = rawWireType == 3 || rawWireType == 4 ? "a protobuf group (wire type \(rawWireType))" : "wire type \(rawWireType)"
            throw corrupt("\(what) in field \(number)", at: start)
        }
        return (Int(number), wireType)
    }

    mutating func readVarint() throws(ONNXError) -> UInt64 {
        try readVarint(upTo: end)
    }

    /// A varint that must end before `limit` (the end of a packed run or of the message).
    mutating func readVarint(upTo limit: Int) throws(ONNXError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < limit else { throw truncated("a varint", at: start) }
            let byte = bytes[position]
            position += 1
            // The tenth byte may only carry the top bit of a 64-bit value.
            if shift == 63 && byte > 1 { throw corrupt("a varint longer than 64 bits", at: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func readFixed32() throws(ONNXError) -> UInt32 {
        guard end - position >= 4 else { throw truncated("a 32-bit value", at: position) }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[position + index]) << (8 * UInt32(index)) }
        position += 4
        return value
    }

    mutating func readFixed64() throws(ONNXError) -> UInt64 {
        guard end - position >= 8 else { throw truncated("a 64-bit value", at: position) }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return value
    }

    /// The byte range of a length-delimited field's payload, after its length prefix.
    mutating func readLengthDelimited() throws(ONNXError) -> Range<Int> {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw truncated("a field of \(length) bytes", at: start)
        }
        let payload = position..<(position + Int(length))
        position = payload.upperBound
        return payload
    }

    /// A reader over a length-delimited field holding a nested message.
    mutating func readMessage(_ context: String) throws(ONNXError) -> ProtobufReader {
        let start = position
        let payload = try readLengthDelimited()
        guard depth < Self.maximumDepth else {
            throw corrupt("messages nested more than \(Self.maximumDepth) deep", at: start)
        }
        return ProtobufReader(bytes: bytes, range: payload, depth: depth + 1, context: context)
    }

    mutating func readBytes() throws(ONNXError) -> ArraySlice<UInt8> {
        bytes[try readLengthDelimited()]
    }

    mutating func readString() throws(ONNXError) -> String {
        let start = position
        let payload = try readBytes()
        guard let text = String(validating: payload, as: UTF8.self) else {
            throw corrupt("a string that is not valid UTF-8", at: start)
        }
        return text
    }

    /// Passes over a field this decoder does not use, whatever its wire type.
    mutating func skip(_ wireType: WireType) throws(ONNXError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readLengthDelimited()
        }
    }

    /// A field arrived with a wire type its declaration does not allow.
    func wrongWireType(_ field: String, _ wireType: WireType) -> ONNXError {
        corrupt("field \(field) with wire type \(wireType.rawValue)", at: position)
    }

    func corrupt(_ what: String, at offset: Int) -> ONNXError {
        ONNXError(.corrupt, "the model file is corrupt: \(what) in \(context) at byte \(offset)")
    }

    func truncated(_ what: String, at offset: Int) -> ONNXError {
        ONNXError(.truncated, "the model file is truncated: \(what) in \(context) at byte \(offset) runs past the end of its message")
    }
}
