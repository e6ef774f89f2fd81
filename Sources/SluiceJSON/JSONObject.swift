/// The members of a JSON object: looked up by key like a dictionary, and kept in the
/// order they were added (a parsed object keeps the document's order), so that a report
/// reads in the order its author chose while canonical text still sorts the keys.
/// Two objects are equal when they hold the same members, whatever their order.
public struct JSONObject: Sendable, Equatable {
    /// The keys, in order.
    public private(set) var keys: [String] = []
    private var storage: [String: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// The members in the order given; a repeated key keeps its first place and its last value.
    public init(_ members: [(String, JSONValue)]) {
        storage.reserveCapacity(members.count)
        for (key, value) in members { self[key] = value }
    }

    /// The members of a dictionary, keys sorted by their UTF-8 bytes: a dictionary has no
    /// order of its own, and a stable one keeps the text the same from run to run.
    public init(_ members: [String: JSONValue]) {
        keys = members.keys.sorted(by: JSONObject.precedes)
        storage = members
    }

    /// The value of `key`; setting nil removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
        }
    }

    /// Adds a member unless the key is already there: the first of repeated keys wins,
    /// as it did with Foundation's decoder.
    mutating func addIfAbsent(_ key: String, _ value: JSONValue) {
        if storage[key] == nil {
            storage[key] = value
            keys.append(key)
        }
    }

    /// Removes the member `key`, returning its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let old = storage.removeValue(forKey: key) else { return nil }
        keys.removeAll { $0 == key }
        return old
    }

    /// How many members there are.
    public var count: Int { keys.count }
    /// Whether there are no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// The values, in the order of the keys.
    public var values: [JSONValue] { keys.map { storage[$0]! } }

    /// The same keys in the same order, each value transformed.
    public func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        var mapped = self
        for key in keys { mapped.storage[key] = try transform(storage[key]!) }
        return mapped
    }

    /// The members as a dictionary.
    public var dictionary: [String: JSONValue] { storage }

    /// The keys sorted by their UTF-8 bytes: the canonical order.
    public var sortedKeys: [String] { keys.sorted(by: JSONObject.precedes) }

    /// Canonical key order: by UTF-8 bytes, which is also how Foundation's `.sortedKeys` sorts.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The same members, whatever their order.
    public static func == (a: JSONObject, b: JSONObject) -> Bool { a.storage == b.storage }
}

extension JSONObject: Sequence {
    /// The members in order.
    public struct Iterator: IteratorProtocol {
        private let object: JSONObject
        private var index = 0

        init(_ object: JSONObject) { self.object = object }

        /// The next member, nil after the last.
        public mutating func next() -> (key: String, value: JSONValue)? {
            guard index < object.keys.count else { return nil }
            let key = object.keys[index]
            index += 1
            return (key, object.storage[key]!)
        }
    }

    /// An iterator over the members in order.
    public func makeIterator() -> Iterator { Iterator(self) }

    /// The number of members.
    public var underestimatedCount: Int { keys.count }
}
