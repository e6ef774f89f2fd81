import Crypto
import Foundation
import Synchronization

/// Where stages' artifacts are kept. The run store's content-addressed object store
/// implements it; tests and one-off stage runs use `MemoryArtifactStore`.
package protocol ArtifactStore: Sendable {
    /// Stores the bytes and returns their digest, "sha256:<hex>".
    func write(_ bytes: UnsafeRawBufferPointer, mediaType: String) throws -> String
    /// The bytes with this digest, or nil when the store has none.
    func read(digest: String) throws -> ByteBuffer?
}

/// The digest of some bytes in the form artifacts are named by.
package func sha256Digest(_ bytes: UnsafeRawBufferPointer) -> String {
    sha256Text(SHA256.hash(data: bytes))
}

/// "sha256:" and the digest in lowercase hex. Not `String(format: "%02x")` per byte:
/// Foundation's formatting, 32 times per digest, was a tenth of a no-op rerun.
package func sha256Text(_ digest: some Sequence<UInt8>) -> String {
    let hex = Array("0123456789abcdef".utf8)
    var text = Array("sha256:".utf8)
    text.reserveCapacity(7 + 64)
    for byte in digest {
        text.append(hex[Int(byte >> 4)])
        text.append(hex[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
}

/// Artifacts kept in memory for the life of the process.
package final class MemoryArtifactStore: ArtifactStore {
    private let objects = Mutex<[String: (ByteBuffer, String)]>([:])

    package init() {}

    package func write(_ bytes: UnsafeRawBufferPointer, mediaType: String) throws -> String {
        let digest = sha256Digest(bytes)
        let buffer = ByteBuffer(copying: bytes)
        objects.withLock { $0[digest] = (buffer, mediaType) }
        return digest
    }

    package func read(digest: String) throws -> ByteBuffer? {
        objects.withLock { $0[digest]?.0 }
    }

    /// Every stored digest, sorted.
    package var digests: [String] {
        objects.withLock { $0.keys.sorted() }
    }
}
