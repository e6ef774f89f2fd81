import SluiceSupport
/// One encapsulated IPC message, framed and checked: where its metadata and body are.
///
/// Framing (Arrow "Encapsulated message format"): 0xFFFFFFFF, an int32 metadata
/// length, the Message flatbuffer padded to 8 bytes, then `bodyLength` body bytes.
/// Files from before Arrow 0.15 leave out the 0xFFFFFFFF; both are read. A zero length
/// is the end-of-stream marker.
package struct ArrowIPCMessage {
    package let kind: ArrowIPC.Header
    /// The Schema, DictionaryBatch or RecordBatch table.
    package let header: FlatTable
    /// File offsets.
    package let start: Int
    package let bodyStart: Int
    package let bodyLength: Int
    package var end: Int { bodyStart + bodyLength }
}

/// The bytes of one IPC file or stream, and where they came from (for errors).
package struct ArrowIPCSource {
    package let storage: ArrowStorage
    package let path: String

    package var size: Int { storage.count }

    package func truncated(_ at: Int, _ what: String) -> SluiceError { ArrowError.truncated(path, at: at, what) }
    package func corrupt(_ at: Int, _ what: String) -> SluiceError { ArrowError.corrupt(path, at: at, what) }

    /// The little-endian integer at file offset `at`; the caller has checked the range.
    package func load<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        withExtendedLifetime(storage) {
            T(littleEndian: UnsafeRawPointer(storage.baseAddress + offset).loadUnaligned(as: T.self))
        }
    }

    /// The message at `offset`, or nil at an end-of-stream marker.
    package func message(at offset: Int) throws -> ArrowIPCMessage? {
        guard offset >= 0, offset <= size - 4 else { throw truncated(offset, "a message's length prefix is missing") }
        var prefix = 4
        var length = Int32(bitPattern: load(UInt32.self, at: offset))
        if UInt32(bitPattern: length) == ArrowIPC.continuation {
            guard offset <= size - 8 else { throw truncated(offset, "a message's length prefix is cut off") }
            length = load(Int32.self, at: offset + 4)
            prefix = 8
        }
        if length == 0 { return nil }
        guard length > 0 else { throw corrupt(offset, "a message declares a metadata length of \(length)") }
        let metadataStart = offset + prefix
        guard Int(length) <= size - metadataStart else {
            throw truncated(offset, "a message's \(length)-byte metadata runs past the end of the file (\(size) bytes)")
        }
        let buffer = FlatBufferReader(storage: storage, start: metadataStart, count: Int(length), path: path, fileOffset: metadataStart)
        let message = try buffer.root()

        let version = try message.scalar(ArrowIPC.Message.version, default: Int16(0))
        guard version >= 3 else {
            throw ArrowError.unsupportedFeature(path, at: offset, "the message uses Arrow metadata version V\(version + 1), from before Arrow 0.8; write the file again with a current pyarrow")
        }
        let typeID = try message.scalar(ArrowIPC.Message.headerType, default: UInt8(0))
        guard let kind = ArrowIPC.Header(rawValue: typeID), let header = try message.table(ArrowIPC.Message.header) else {
            throw corrupt(offset, "a message has no header or an unknown header type \(typeID)")
        }
        let bodyLength = try message.scalar(ArrowIPC.Message.bodyLength, default: Int64(0))
        let bodyStart = metadataStart + Int(length)
        guard bodyLength >= 0 else { throw corrupt(offset, "a message declares a body length of \(bodyLength)") }
        guard Int(bodyLength) <= size - bodyStart else {
            throw truncated(bodyStart, "a message's \(bodyLength)-byte body runs past the end of the file (\(size) bytes)")
        }
        return ArrowIPCMessage(kind: kind, header: header, start: offset, bodyStart: bodyStart, bodyLength: Int(bodyLength))
    }
}
