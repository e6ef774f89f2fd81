import Foundation
import SluiceSupport
import Synchronization

/// Where stages' artifacts are kept. The run store's content-addressed object store
/// implements it; tests and one-off stage runs use `MemoryArtifactStore`.
package protocol ArtifactStore: Sendable {
    /// Stores the bytes and returns their digest, "sha256:<hex>".
    func write(_ bytes: UnsafeRawBufferPointer, mediaType: String) throws -> String
    /// The bytes with this digest, or nil when the store has none.
    func read(digest: String) throws -> ByteBuffer?
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
