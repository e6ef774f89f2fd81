/// The fields of one TensorProto as they were read, before they are checked against
/// each other and turned into a Tensor. Field numbers are those of onnx.proto.
struct TensorProtoFields {
    var dims: [UInt64] = []
    var dataType: UInt64 = 0
    var hasSegment = false
    var floatData: [UInt32] = []
    var int32Data: [UInt64] = []
    var stringData: [String] = []
    var int64Data: [UInt64] = []
    var name = ""
    var rawData: ArraySlice<UInt8>?
    var dataLocation: UInt64 = 0
    var doubleData: [UInt64] = []
    var uint64Data: [UInt64] = []

    init(reading message: ProtobufReader) throws(ONNXError) {
        var reader = message
        while let (number, wireType) = try reader.nextField() {
            switch number {
            case 1: try reader.appendVarints(wireType, field: "TensorProto.dims", to: &dims)
            case 2: dataType = try reader.varintField(wireType, "TensorProto.data_type")
            case 3: hasSegment = true; try reader.skip(wireType)
            case 4: try reader.appendFixed32s(wireType, field: "TensorProto.float_data", to: &floatData)
            case 5: try reader.appendVarints(wireType, field: "TensorProto.int32_data", to: &int32Data)
            case 6: stringData.append(try reader.stringField(wireType, "TensorProto.string_data"))
            case 7: try reader.appendVarints(wireType, field: "TensorProto.int64_data", to: &int64Data)
            case 8: name = try reader.stringField(wireType, "TensorProto.name")
            case 9: rawData = try reader.bytesField(wireType, "TensorProto.raw_data")
            case 10: try reader.appendFixed64s(wireType, field: "TensorProto.double_data", to: &doubleData)
            case 11: try reader.appendVarints(wireType, field: "TensorProto.uint64_data", to: &uint64Data)
            case 14: dataLocation = try reader.varintField(wireType, "TensorProto.data_location")
            default: try reader.skip(wireType)
            }
        }
    }

    /// The typed value fields that hold something, by their onnx.proto names.
    var filledTypedFields: [String] {
        var names: [String] = []
        if !floatData.isEmpty { names.append("float_data") }
        if !int32Data.isEmpty { names.append("int32_data") }
        if !stringData.isEmpty { names.append("string_data") }
        if !int64Data.isEmpty { names.append("int64_data") }
        if !doubleData.isEmpty { names.append("double_data") }
        if !uint64Data.isEmpty { names.append("uint64_data") }
        return names
    }
}
