extension JSONValue {
    /// Parses JSON text (RFC 8259); errors name the byte offset.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(text.utf8)
    }

    /// Parses JSON bytes ([UInt8], Data, a slice...); errors name the byte offset.
    public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(JSONSyntaxError) -> JSONValue {
        let parsed = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONSyntaxError) in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        if let parsed { return try parsed.get() }
        return try parse(Array(bytes))
    }

    /// Parses the JSON bytes in `buffer`; errors name the byte offset.
    public static func parse(_ buffer: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONPullReader<JSONSyntaxError>(buffer)
        let value = try reader.readValue()
        try reader.expectEnd()
        return value
    }
}

extension JSONPullReader {
    /// Reads the next value, of any kind, as a tree. A number written with a fraction
    /// or an exponent that is a whole number within Int64 reads as an integer (as it did
    /// through Foundation's decoder), so the canonical text of parsed JSON, which
    /// fingerprints hash, is what it always was.
    public mutating func readValue() throws(Failure) -> JSONValue {
        try readValue(depth: 0)
    }

    private mutating func readValue(depth: Int) throws(Failure) -> JSONValue {
        switch peek() {
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
            var members = JSONObject()
            try readObject { (reader, key) throws(Failure) in members.addIfAbsent(key, try reader.readValue(depth: depth + 1)) }
            return .object(members)
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
            var values: [JSONValue] = []
            try readArray { (reader, _) throws(Failure) in values.append(try reader.readValue(depth: depth + 1)) }
            return .array(values)
        default:
            switch try readScalar() {
            case .null: return .null
            case .bool(let value): return .bool(value)
            case .string(let value): return .string(value)
            case .number(_, let integer?): return .integer(integer)
            case .number(let value, nil): return Int64(exactly: value).map(JSONValue.integer) ?? .number(value)
            }
        }
    }
}
