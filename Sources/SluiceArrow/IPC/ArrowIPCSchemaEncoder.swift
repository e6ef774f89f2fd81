import SluiceSupport
/// Writes an `ArrowTableSchema` as a Schema flatbuffer table (Schema.fbs).
package enum ArrowIPCSchemaEncoder {
    /// The schema; dictionary column `i` gets dictionary id `i`.
    package static func schema(_ schema: ArrowTableSchema) -> FlatTableValue {
        FlatTableValue([
            (ArrowIPC.Schema.endianness, .int16(0)),  // little-endian
            (ArrowIPC.Schema.fields, .tables(schema.fields.enumerated().map { field($1, dictionaryID: Int64($0)) })),
            (ArrowIPC.Schema.metadata, metadata(schema.metadata)),
        ])
    }

    private static func field(_ field: ArrowField, dictionaryID: Int64) -> FlatTableValue {
        let (typeID, type): (UInt8, FlatTableValue) = switch field.type {
        case .float64: (ArrowIPC.TypeID.floatingPoint, FlatTableValue([(ArrowIPC.FloatingPoint.precision, .int16(2))]))
        case .float32: (ArrowIPC.TypeID.floatingPoint, FlatTableValue([(ArrowIPC.FloatingPoint.precision, .int16(1))]))
        case .int64: (ArrowIPC.TypeID.int, intType(64))
        case .int32: (ArrowIPC.TypeID.int, intType(32))
        case .bool: (ArrowIPC.TypeID.bool, FlatTableValue())
        // A dictionary field's type is the type of its values; the indices are described below.
        case .utf8, .dictionary: (ArrowIPC.TypeID.utf8, FlatTableValue())
        }
        var dictionary: FlatValue?
        if case .dictionary(let ordered) = field.type {
            dictionary = .table(FlatTableValue([
                (ArrowIPC.DictionaryEncoding.id, .int64(dictionaryID)),
                (ArrowIPC.DictionaryEncoding.indexType, .table(intType(32))),
                (ArrowIPC.DictionaryEncoding.isOrdered, .bool(ordered)),
            ]))
        }
        return FlatTableValue([
            (ArrowIPC.Field.name, .string(field.name)),
            (ArrowIPC.Field.nullable, .bool(field.nullable)),
            (ArrowIPC.Field.typeType, .uint8(typeID)),
            (ArrowIPC.Field.type, .table(type)),
            (ArrowIPC.Field.dictionary, dictionary),
            // Arrow C++ refuses a field without a children vector, even an empty one.
            (ArrowIPC.Field.children, .tables([])),
            (ArrowIPC.Field.metadata, metadata(field.metadata)),
        ])
    }

    private static func intType(_ bitWidth: Int32) -> FlatTableValue {
        FlatTableValue([(ArrowIPC.IntType.bitWidth, .int32(bitWidth)), (ArrowIPC.IntType.isSigned, .bool(true))])
    }

    /// Key-value pairs sorted by key, so the same table always gives the same bytes.
    package static func metadata(_ pairs: [String: String]) -> FlatValue? {
        guard !pairs.isEmpty else { return nil }
        return .tables(pairs.sorted { $0.key < $1.key }.map { key, value in
            FlatTableValue([(ArrowIPC.KeyValue.key, .string(key)), (ArrowIPC.KeyValue.value, .string(value))])
        })
    }
}
