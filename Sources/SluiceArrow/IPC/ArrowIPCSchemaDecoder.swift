import SluiceSupport
/// How a column is stored in the file, which may differ from how the host holds it:
/// large strings and narrow dictionary indices are converted while reading.
package enum ArrowIPCStorage: Equatable {
    /// Stored as the host holds it.
    case native(ArrowDataType)
    /// LargeUtf8: int64 offsets, narrowed to int32 on read.
    case largeUtf8
    /// Dictionary-encoded with indices of `indexBits` bits, widened to int32 on read;
    /// its values are utf8, or LargeUtf8 when `largeValues`.
    case dictionary(id: Int64, indexBits: Int, signed: Bool, largeValues: Bool)

    /// The number of buffers per array in the IPC body.
    package var bufferCount: Int {
        switch self {
        case .native(let type): type.bufferCount
        case .largeUtf8: 3
        case .dictionary: 2
        }
    }
}

/// A column read from a Schema: how the host sees it and how the file stores it.
package struct ArrowIPCField {
    package let field: ArrowField
    package let storage: ArrowIPCStorage
}

/// Reads a Schema flatbuffer table into fields, refusing the types the host does not hold.
package struct ArrowIPCSchemaDecoder {
    package let path: String

    package func schema(_ table: FlatTable) throws -> (ArrowTableSchema, [ArrowIPCField]) {
        guard try table.scalar(ArrowIPC.Schema.endianness, default: Int16(0)) == 0 else {
            throw ArrowError.unsupportedFeature(path, at: offset(table), "the file is big-endian, which Sluice does not read; write it on a little-endian machine (x86-64, ARM)")
        }
        var fields: [ArrowIPCField] = []
        if let vector = try table.vector(ArrowIPC.Schema.fields, elementSize: 4) {
            for index in 0..<vector.count {
                fields.append(try field(vector.table(index), number: index))
            }
        }
        let schema = ArrowTableSchema(fields.map(\.field), metadata: try metadata(table, slot: ArrowIPC.Schema.metadata))
        return (schema, fields)
    }

    private func offset(_ table: FlatTable) -> Int { table.buffer.fileOffset + table.position }

    private func field(_ table: FlatTable, number: Int) throws -> ArrowIPCField {
        let name = try table.string(ArrowIPC.Field.name) ?? ""
        let nullable = try table.bool(ArrowIPC.Field.nullable)
        let metadata = try metadata(table, slot: ArrowIPC.Field.metadata)
        let typeID = try table.scalar(ArrowIPC.Field.typeType, default: UInt8(0))
        guard let type = try table.table(ArrowIPC.Field.type) else {
            throw ArrowError.corrupt(path, at: offset(table), "column \(number) ('\(name)') has no type")
        }
        let valueType = try storage(typeID: typeID, type: type)

        guard let encoding = try table.table(ArrowIPC.Field.dictionary) else {
            guard let valueType else {
                throw unsupported(table, name, typeName(typeID, type), advice(typeID))
            }
            let hostType: ArrowDataType = if case .native(let native) = valueType { native } else { .utf8 }
            return ArrowIPCField(field: ArrowField(name, hostType, nullable: nullable, metadata: metadata), storage: valueType)
        }

        // Dictionary-encoded: `type` is the values' type; the indices are an Int table.
        let id = try encoding.scalar(ArrowIPC.DictionaryEncoding.id, default: Int64(0))
        let ordered = try encoding.bool(ArrowIPC.DictionaryEncoding.isOrdered)
        var bits = 32, signed = true
        if let index = try encoding.table(ArrowIPC.DictionaryEncoding.indexType) {
            bits = Int(try index.scalar(ArrowIPC.IntType.bitWidth, default: Int32(0)))
            signed = try index.bool(ArrowIPC.IntType.isSigned)
        }
        guard [8, 16, 32, 64].contains(bits) else {
            throw ArrowError.corrupt(path, at: offset(encoding), "column '\(name)' has dictionary indices of \(bits) bits")
        }
        guard valueType == .native(.utf8) || valueType == .largeUtf8 else {
            throw unsupported(table, name, "dictionary<values=\(typeName(typeID, type))>",
                              "decode it (pyarrow: `column.dictionary_decode()`) or cast its values to string")
        }
        return ArrowIPCField(
            field: ArrowField(name, .dictionary(ordered: ordered), nullable: nullable, metadata: metadata),
            storage: .dictionary(id: id, indexBits: bits, signed: signed, largeValues: valueType == .largeUtf8)
        )
    }

    /// How a non-dictionary type is stored, or nil when the host does not read it.
    private func storage(typeID: UInt8, type: FlatTable) throws -> ArrowIPCStorage? {
        switch typeID {
        case ArrowIPC.TypeID.int:
            let bits = try type.scalar(ArrowIPC.IntType.bitWidth, default: Int32(0))
            guard try type.bool(ArrowIPC.IntType.isSigned) else { return nil }
            return bits == 64 ? .native(.int64) : bits == 32 ? .native(.int32) : nil
        case ArrowIPC.TypeID.floatingPoint:
            switch try type.scalar(ArrowIPC.FloatingPoint.precision, default: Int16(0)) {
            case 2: return .native(.float64)
            case 1: return .native(.float32)
            default: return nil
            }
        case ArrowIPC.TypeID.bool: return .native(.bool)
        case ArrowIPC.TypeID.utf8: return .native(.utf8)
        case ArrowIPC.TypeID.largeUtf8: return .largeUtf8
        default: return nil
        }
    }

    private func typeName(_ typeID: UInt8, _ type: FlatTable) -> String {
        switch typeID {
        case ArrowIPC.TypeID.int:
            let bits = (try? type.scalar(ArrowIPC.IntType.bitWidth, default: Int32(0))) ?? 0
            let signed = (try? type.bool(ArrowIPC.IntType.isSigned)) ?? false
            return "\(signed ? "int" : "uint")\(bits)"
        case ArrowIPC.TypeID.floatingPoint:
            return "float16"
        default:
            return ArrowIPC.typeNames[typeID] ?? "with type id \(typeID)"
        }
    }

    /// What to do about a type the host does not read.
    private func advice(_ typeID: UInt8) -> String {
        switch ArrowIPC.typeNames[typeID] {
        case "Int": "cast it to int64 (or int32)"
        case "FloatingPoint": "cast it to float32 or float64"
        case "Utf8View", "Binary", "LargeBinary": "cast it to utf8 (pyarrow `pa.string()`)"
        case "Decimal": "cast it to float64"
        case "Date", "Time", "Timestamp", "Duration", "Interval": "cast it to int64 (e.g. epoch units) or to utf8"
        case "Null": "cast it to a concrete type such as float64"
        default: "flatten or cast it into float64, float32, int64, int32, bool or utf8 columns"
        }
    }

    private func unsupported(_ table: FlatTable, _ name: String, _ type: String, _ advice: String) -> SluiceError {
        ArrowError.unsupportedType(path, at: offset(table), column: name, type: type, advice: advice)
    }

    private func metadata(_ table: FlatTable, slot: Int) throws -> [String: String] {
        guard let vector = try table.vector(slot, elementSize: 4) else { return [:] }
        var pairs: [String: String] = [:]
        for index in 0..<vector.count {
            let pair = try vector.table(index)
            if let key = try pair.string(ArrowIPC.KeyValue.key) {
                pairs[key] = try pair.string(ArrowIPC.KeyValue.value) ?? ""
            }
        }
        return pairs
    }
}
