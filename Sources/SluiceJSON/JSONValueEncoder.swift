/// Encodes an `Encodable` value as a `JSONValue`, members in the order they are encoded,
/// to write with `JSONWriter` in any format: how a plugin keeps a Codable file type
/// without Foundation's encoder. Absent optionals are left out, as JSONEncoder does.
public struct JSONValueEncoder: Sendable {
    /// An encoder; it has no options.
    public init() {}

    /// The JSON value of `value`.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let node = EncodingNode()
        try node.encode(value, path: [])
        return node.value
    }
}

/// A value under construction: the containers an `encode(to:)` asks for fill it in
/// after they are handed out, so it is a reference.
private final class EncodingNode {
    private enum Kind { case unset, scalar, object, array }
    private var kind = Kind.unset
    private var scalar = JSONValue.null
    private var keys: [String] = []
    private var members: [String: EncodingNode] = [:]
    private var elements: [EncodingNode] = []

    /// What was encoded; a value that encoded nothing is an empty object.
    var value: JSONValue {
        switch kind {
        case .scalar: scalar
        case .array: .array(elements.map(\.value))
        case .object, .unset: .object(JSONObject(keys.map { ($0, members[$0]!.value) }))
        }
    }

    func set(_ value: JSONValue) {
        kind = .scalar
        scalar = value
    }

    func encode<T: Encodable>(_ value: T, path: [any CodingKey]) throws {
        if T.self == JSONValue.self { return set(value as! JSONValue) }  // the tree as it is
        try value.encode(to: ValueEncoder(node: self, codingPath: path))
    }

    /// A fresh member `key`, replacing one encoded before.
    func member(_ key: String) -> EncodingNode {
        kind = .object
        let node = EncodingNode()
        if members.updateValue(node, forKey: key) == nil { keys.append(key) }
        return node
    }

    /// A fresh element at the end.
    func element() -> EncodingNode {
        kind = .array
        let node = EncodingNode()
        elements.append(node)
        return node
    }

    var count: Int { elements.count }

    /// A container asked for but left empty is still an object or an array.
    func becomeObject() { if kind == .unset { kind = .object } }
    func becomeArray() { if kind == .unset { kind = .array } }
}

extension JSONValue {
    fileprivate init(_ value: some FixedWidthInteger) {
        self = Int64(exactly: value).map(JSONValue.integer) ?? .number(Double(value))
    }

    /// A Float as it prints (0.1, not 0.10000000149011612), as JSONEncoder writes it.
    fileprivate init(_ value: Float) {
        self = .number(Double(value.description) ?? Double(value))
    }
}

private struct ValueEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    private func set(_ value: JSONValue, _ key: Key) { node.member(key.stringValue).set(value) }

    mutating func encodeNil(forKey key: Key) { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) { set(.number(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) { set(JSONValue(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) { set(JSONValue(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) { set(JSONValue(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) { set(JSONValue(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) { set(JSONValue(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) { set(JSONValue(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) { set(JSONValue(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) { set(JSONValue(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) { set(JSONValue(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) { set(JSONValue(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) { set(JSONValue(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.member(key.stringValue).encode(value, path: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        ValueEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        ValueEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(node: node.member("super"), codingPath: codingPath + [JSONCodingKey(stringValue: "super")])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private var elementPath: [any CodingKey] { codingPath + [JSONCodingKey(intValue: count)] }
    private func append(_ value: JSONValue) { node.element().set(value) }

    mutating func encodeNil() { append(.null) }
    mutating func encode(_ value: Bool) { append(.bool(value)) }
    mutating func encode(_ value: String) { append(.string(value)) }
    mutating func encode(_ value: Double) { append(.number(value)) }
    mutating func encode(_ value: Float) { append(JSONValue(value)) }
    mutating func encode(_ value: Int) { append(JSONValue(value)) }
    mutating func encode(_ value: Int8) { append(JSONValue(value)) }
    mutating func encode(_ value: Int16) { append(JSONValue(value)) }
    mutating func encode(_ value: Int32) { append(JSONValue(value)) }
    mutating func encode(_ value: Int64) { append(JSONValue(value)) }
    mutating func encode(_ value: UInt) { append(JSONValue(value)) }
    mutating func encode(_ value: UInt8) { append(JSONValue(value)) }
    mutating func encode(_ value: UInt16) { append(JSONValue(value)) }
    mutating func encode(_ value: UInt32) { append(JSONValue(value)) }
    mutating func encode(_ value: UInt64) { append(JSONValue(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = elementPath
        try node.element().encode(value, path: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = elementPath
        return ValueEncoder(node: node.element(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = elementPath
        return ValueEncoder(node: node.element(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = elementPath
        return ValueEncoder(node: node.element(), codingPath: path)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() { node.set(.null) }
    mutating func encode(_ value: Bool) { node.set(.bool(value)) }
    mutating func encode(_ value: String) { node.set(.string(value)) }
    mutating func encode(_ value: Double) { node.set(.number(value)) }
    mutating func encode(_ value: Float) { node.set(JSONValue(value)) }
    mutating func encode(_ value: Int) { node.set(JSONValue(value)) }
    mutating func encode(_ value: Int8) { node.set(JSONValue(value)) }
    mutating func encode(_ value: Int16) { node.set(JSONValue(value)) }
    mutating func encode(_ value: Int32) { node.set(JSONValue(value)) }
    mutating func encode(_ value: Int64) { node.set(JSONValue(value)) }
    mutating func encode(_ value: UInt) { node.set(JSONValue(value)) }
    mutating func encode(_ value: UInt8) { node.set(JSONValue(value)) }
    mutating func encode(_ value: UInt16) { node.set(JSONValue(value)) }
    mutating func encode(_ value: UInt32) { node.set(JSONValue(value)) }
    mutating func encode(_ value: UInt64) { node.set(JSONValue(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.encode(value, path: codingPath) }
}
