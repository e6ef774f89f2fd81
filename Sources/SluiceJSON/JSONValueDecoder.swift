/// Decodes a `Decodable` type from a parsed `JSONValue`: how the SDK reads stage configs,
/// and how a plugin may read its own files, with no second JSON reader. Numbers convert
/// as Foundation's JSONDecoder converts them (an integer type takes a whole number
/// written `2.0`, a floating-point type takes an integer), and errors are the same
/// `DecodingError`s, with the same coding paths.
public struct JSONValueDecoder: Sendable {
    /// A decoder; it has no options.
    public init() {}

    /// Decodes `type` from `value`.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try value.decoded(as: type, path: [])
    }
}

/// A coding key of the decoder's own: array indices and dictionary keys.
struct JSONCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

extension JSONValue {
    func decoded<T: Decodable>(as type: T.Type, path: [any CodingKey]) throws -> T {
        if T.self == JSONValue.self { return self as! T }  // a JSONValue field takes the tree as it is
        return try T(from: ValueDecoder(value: self, codingPath: path))
    }

    /// The words of Foundation's messages: "found a string instead".
    var foundPhrase: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .integer, .number: "number"
        case .string: "a string"
        case .array: "an array"
        case .object: "a dictionary"
        }
    }

    func mismatch(_ type: Any.Type, _ path: [any CodingKey]) -> DecodingError {
        if self == .null {
            return .valueNotFound(type, .init(codingPath: path, debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        }
        return .typeMismatch(type, .init(codingPath: path, debugDescription: "Expected to decode \(type) but found \(foundPhrase) instead."))
    }

    func decodedBool(_ path: [any CodingKey]) throws -> Bool {
        guard case .bool(let value) = self else { throw mismatch(Bool.self, path) }
        return value
    }

    func decodedString(_ path: [any CodingKey]) throws -> String {
        guard case .string(let value) = self else { throw mismatch(String.self, path) }
        return value
    }

    func decodedFloat<T: BinaryFloatingPoint>(_ type: T.Type, _ path: [any CodingKey]) throws -> T {
        switch self {
        case .integer(let value): return T(value)
        case .number(let value):
            let converted = T(value)
            guard converted.isFinite else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Parsed JSON number <\(value)> does not fit in \(type)."))
            }
            return converted
        default: throw mismatch(type, path)
        }
    }

    func decodedInteger<T: FixedWidthInteger>(_ type: T.Type, _ path: [any CodingKey]) throws -> T {
        let converted: T?
        switch self {
        case .integer(let value): converted = T(exactly: value)
        case .number(let value): converted = T(exactly: value)
        default: throw mismatch(type, path)
        }
        guard let converted else {
            let text = if case .integer(let value) = self { String(value) } else { "\(doubleValue!)" }
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Parsed JSON number <\(text)> does not fit in \(type)."))
        }
        return converted
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            if value == .null {
                throw DecodingError.valueNotFound([String: Any].self, .init(
                    codingPath: codingPath, debugDescription: "Cannot get keyed decoding container -- found null value instead"))
            }
            throw value.mismatch([String: Any].self, codingPath)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let values) = value else {
            if value == .null {
                throw DecodingError.valueNotFound([Any].self, .init(
                    codingPath: codingPath, debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
            }
            throw value.mismatch([Any].self, codingPath)
        }
        return UnkeyedContainer(values: values, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: JSONObject
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try member(key).decodedBool(codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try member(key).decodedString(codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try member(key).decodedFloat(type, codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try member(key).decodedFloat(type, codingPath + [key]) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try member(key).decodedInteger(type, codingPath + [key]) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try member(key).decodedInteger(type, codingPath + [key]) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try member(key).decodedInteger(type, codingPath + [key]) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try member(key).decodedInteger(type, codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try member(key).decodedInteger(type, codingPath + [key]) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try member(key).decodedInteger(type, codingPath + [key]) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try member(key).decodedInteger(type, codingPath + [key]) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try member(key).decodedInteger(type, codingPath + [key]) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try member(key).decodedInteger(type, codingPath + [key]) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try member(key).decodedInteger(type, codingPath + [key]) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try member(key).decoded(as: type, path: codingPath + [key]) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: members["super"] ?? .null, codingPath: codingPath + [JSONCodingKey(stringValue: "super")])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let values: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(values: [JSONValue], codingPath: [any CodingKey]) {
        self.values = values
        self.codingPath = codingPath
    }

    var count: Int? { values.count }
    var isAtEnd: Bool { currentIndex >= values.count }

    private var elementPath: [any CodingKey] { codingPath + [JSONCodingKey(intValue: currentIndex)] }

    /// The next element, consumed only once `read` accepts it (as Foundation does).
    private mutating func next<T>(_ type: T.Type, _ read: (JSONValue, [any CodingKey]) throws -> T) throws -> T {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: elementPath, debugDescription: "Unkeyed container is at end."))
        }
        let value = try read(values[currentIndex], elementPath)
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, values[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) { try $0.decodedBool($1) } }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) { try $0.decodedString($1) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) { try $0.decodedFloat(type, $1) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) { try $0.decodedFloat(type, $1) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type) { try $0.decodedInteger(type, $1) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) { try $0.decodedInteger(type, $1) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) { try $0.decodedInteger(type, $1) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) { try $0.decodedInteger(type, $1) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) { try $0.decodedInteger(type, $1) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) { try $0.decodedInteger(type, $1) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) { try $0.decodedInteger(type, $1) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type) { try $0.decodedInteger(type, $1) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type) { try $0.decodedInteger(type, $1) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type) { try $0.decodedInteger(type, $1) } }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type) { try $0.decoded(as: type, path: $1) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next(KeyedDecodingContainer<NestedKey>.self) { try ValueDecoder(value: $0, codingPath: $1).container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next((any UnkeyedDecodingContainer).self) { try ValueDecoder(value: $0, codingPath: $1).unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next((any Decoder).self) { ValueDecoder(value: $0, codingPath: $1) }
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try value.decodedBool(codingPath) }
    func decode(_ type: String.Type) throws -> String { try value.decodedString(codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try value.decodedFloat(type, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try value.decodedFloat(type, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try value.decodedInteger(type, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try value.decodedInteger(type, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try value.decodedInteger(type, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try value.decodedInteger(type, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try value.decodedInteger(type, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try value.decodedInteger(type, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try value.decodedInteger(type, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try value.decodedInteger(type, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try value.decodedInteger(type, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try value.decodedInteger(type, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try value.decoded(as: type, path: codingPath) }
}
