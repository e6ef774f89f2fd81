/// The protobuf wire types an ONNX file may use. Groups (3 and 4) were deprecated before
/// ONNX existed, so a file holding one is treated as corrupt rather than skipped.
enum WireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case fixed32 = 5
}
