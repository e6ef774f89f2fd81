extension JSONValue {
    /// The value written in `format`, as UTF-8 bytes.
    public func bytes(_ format: JSONFormat) -> [UInt8] {
        var writer = JSONWriter(format: format)
        writer.value(self)
        return writer.bytes
    }

    /// Canonical JSON (see `JSONFormat.canonical`): equal values always give equal
    /// text, so fingerprints and digests hash it.
    public var canonicalText: String { String(decoding: bytes(.canonical), as: UTF8.self) }

    /// Pretty, human-readable JSON with sorted keys (see `JSONFormat.pretty`).
    public var prettyText: String { String(decoding: bytes(.pretty), as: UTF8.self) }

    /// The compact JSON text, keys in their order (see `JSONFormat.compact`).
    public var text: String { String(decoding: bytes(.compact), as: UTF8.self) }

    /// The compact text as UTF-8 bytes, with a final newline: a report file.
    public var bytes: [UInt8] { bytes(.compact) + [UInt8(ascii: "\n")] }
}
