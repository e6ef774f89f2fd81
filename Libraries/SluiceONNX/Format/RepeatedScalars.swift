/// Repeated numeric fields, accepted in both encodings protobuf writers use: packed (one
/// length-delimited run) and unpacked (one field per element), as a parser must.
extension ProtobufReader {
    mutating func appendVarints(_ wireType: WireType, field: String, to values: inout [UInt64]) throws(ONNXError) {
        switch wireType {
        case .varint:
            values.append(try readVarint())
        case .lengthDelimited:
            let payload = try readLengthDelimited()
            let resume = position
            position = payload.lowerBound
            // A varint takes at least one byte, so the payload bounds the count.
            values.reserveCapacity(values.count + min(payload.count, 1 << 20))
            while position < payload.upperBound {
                values.append(try readVarint(upTo: payload.upperBound))
            }
            position = resume
        default:
            throw wrongWireType(field, wireType)
        }
    }

    mutating func appendFixed32s(_ wireType: WireType, field: String, to values: inout [UInt32]) throws(ONNXError) {
        switch wireType {
        case .fixed32:
            values.append(try readFixed32())
        case .lengthDelimited:
            let start = position
            let payload = try readLengthDelimited()
            guard payload.count % 4 == 0 else {
                throw corrupt("packed field \(field) of \(payload.count) bytes, not a multiple of 4", at: start)
            }
            values.reserveCapacity(values.count + payload.count / 4)
            var index = payload.lowerBound
            while index < payload.upperBound {
                values.append(littleEndian32(at: index))
                index += 4
            }
        default:
            throw wrongWireType(field, wireType)
        }
    }

    mutating func appendFixed64s(_ wireType: WireType, field: String, to values: inout [UInt64]) throws(ONNXError) {
        switch wireType {
        case .fixed64:
            values.append(try readFixed64())
        case .lengthDelimited:
            let start = position
            let payload = try readLengthDelimited()
            guard payload.count % 8 == 0 else {
                throw corrupt("packed field \(field) of \(payload.count) bytes, not a multiple of 8", at: start)
            }
            values.reserveCapacity(values.count + payload.count / 8)
            var index = payload.lowerBound
            while index < payload.upperBound {
                values.append(littleEndian64(at: index))
                index += 8
            }
        default:
            throw wrongWireType(field, wireType)
        }
    }

    /// The caller has checked that four bytes are there.
    func littleEndian32(at index: Int) -> UInt32 {
        UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
    }

    /// The caller has checked that eight bytes are there.
    func littleEndian64(at index: Int) -> UInt64 {
        UInt64(littleEndian32(at: index)) | UInt64(littleEndian32(at: index + 4)) << 32
    }
}
