import Foundation

/// Format strings and metadata encoding of the Arrow C Data Interface.
package enum ArrowCFormat {
    /// The format string of a column type (for a dictionary: of its indices).
    package static func format(_ type: ArrowDataType) -> String {
        switch type {
        case .float64: "g"
        case .float32: "f"
        case .int64: "l"
        case .int32: "i"
        case .bool: "b"
        case .utf8: "u"
        case .dictionary: "i"
        }
    }

    /// Arrow's binary metadata: int32 count, then for each pair int32 key length, key
    /// bytes, int32 value length, value bytes (native endianness). nil when empty.
    package static func encode(_ metadata: [String: String]) -> [UInt8]? {
        guard !metadata.isEmpty else { return nil }
        var bytes: [UInt8] = []
        func append(_ value: Int32) { withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) } }
        append(Int32(metadata.count))
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            append(Int32(key.utf8.count))
            bytes.append(contentsOf: key.utf8)
            append(Int32(value.utf8.count))
            bytes.append(contentsOf: value.utf8)
        }
        return bytes
    }

    /// Decodes Arrow's binary metadata; malformed metadata yields what could be read.
    package static func decode(_ pointer: UnsafePointer<CChar>?) -> [String: String] {
        guard let pointer else { return [:] }
        let raw = UnsafeRawPointer(pointer)
        var offset = 0
        func int32() -> Int { defer { offset += 4 }; return Int(raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)) }
        func text(_ length: Int) -> String {
            defer { offset += length }
            return String(decoding: UnsafeRawBufferPointer(start: raw + offset, count: length), as: UTF8.self)
        }
        let count = int32()
        guard count >= 0, count < 1 << 20 else { return [:] }
        var result: [String: String] = [:]
        for _ in 0..<count {
            let keyLength = int32()
            guard keyLength >= 0, keyLength < 1 << 24 else { break }
            let key = text(keyLength)
            let valueLength = int32()
            guard valueLength >= 0, valueLength < 1 << 28 else { break }
            result[key] = text(valueLength)
        }
        return result
    }
}
