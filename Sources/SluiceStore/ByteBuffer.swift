import Foundation
import SluiceArrow

/// Immutable bytes with a stable address, so the host can lend them to a plugin
/// without copying. @unchecked Sendable: the memory is written once in init and
/// never mutated; it is freed when the last reference goes.
package final class ByteBuffer: @unchecked Sendable {
    package let pointer: UnsafeRawBufferPointer

    package init(copying bytes: UnsafeRawBufferPointer) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
        if let base = bytes.baseAddress { storage.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
        pointer = UnsafeRawBufferPointer(start: storage.baseAddress, count: bytes.count)
    }

    package var count: Int { pointer.count }

    package var data: Data { Data(pointer) }

    deinit {
        UnsafeMutableRawPointer(mutating: pointer.baseAddress)?.deallocate()
    }
}

extension ByteBuffer {
    /// A buffer holding a copy of `data`.
    package static func from(_ data: Data) -> ByteBuffer {
        data.withUnsafeBytes { ByteBuffer(copying: $0) }
    }

    /// A buffer holding the UTF-8 bytes of `text`.
    package static func from(_ text: String) -> ByteBuffer {
        from(Data(text.utf8))
    }
}

/// What a port carries between stages.
package enum PortValue: Sendable {
    /// Bytes with a media type (models, reports, blobs).
    case bytes(ByteBuffer, mediaType: String)
    /// A table (table ports); stored as an Arrow IPC file.
    case table(ArrowTable)

    /// The media type of Arrow IPC files, as tables are stored.
    package static let arrowMediaType = "application/vnd.apache.arrow.file"

    package var mediaType: String {
        switch self {
        case .bytes(_, let mediaType): mediaType
        case .table: PortValue.arrowMediaType
        }
    }

    /// The bytes of a bytes value; nil for a table.
    package var bytes: ByteBuffer? {
        if case .bytes(let buffer, _) = self { return buffer }
        return nil
    }
}
