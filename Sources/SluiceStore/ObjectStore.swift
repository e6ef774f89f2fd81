import Foundation
import SluiceArrow
import SluiceSupport

/// Content-addressed storage of a project's artifacts, named by SHA-256
/// ("sha256:<hex>"). The executor, the command line, monitoring and the server use it
/// only through this protocol, so another backend (an S3-compatible service, for a
/// team) plugs in without touching them. `LocalObjectStore` is the one-machine backend
/// (`.sluice/objects/`).
///
/// What every backend promises: an object is stored whole or not at all (a crash or a
/// failed upload never leaves half of one visible), identical content is stored once,
/// and concurrent writers of the same content both succeed. Reading an absent object is
/// not an error: the answer is nil (or false).
package protocol ObjectStore: ArtifactStore {
    /// Where the objects are, for messages: a folder, or a bucket URL without credentials.
    var location: String { get }

    /// Whether an object with this digest is stored.
    func contains(_ digest: String) -> Bool

    /// Stores a file's content and returns its digest.
    func write(file path: String) throws -> String

    /// Stores a table as an Arrow IPC file, with Arrow body compression when
    /// `compression` is set, and returns its digest and size.
    func write(table: ArrowTable, compression: ArrowIPCCompression?) throws -> (digest: String, size: Int)

    /// A stored value as a port value (a table for `PortValue.arrowMediaType`, else
    /// bytes of `mediaType`); nil when the object is not stored.
    func portValue(digest: String, mediaType: String) throws -> PortValue?

    /// Puts an object's content at the local `path`, atomically (a reader sees the old
    /// file or the new one); `store.missing-object` when it is not stored.
    func restore(_ digest: String, to path: String) throws

    /// The size of a stored object in bytes; nil when it is not stored.
    func size(of digest: String) throws(SluiceError) -> Int?

    /// A local file holding the object's content, to be read (not written, not kept
    /// past the store's life); nil when it is not stored. The local store gives its own
    /// file; a remote one, its verified read cache.
    func localFile(for digest: String) throws(SluiceError) -> String?

    // MARK: Garbage collection

    /// Every stored object's digest, in no particular order.
    func storedDigests() throws(SluiceError) -> [String]

    /// Deletes an object; deleting one that is not stored does nothing.
    func delete(_ digest: String) throws(SluiceError)

    /// Deletes what writes that never finished left behind (a crash mid-write), when
    /// older than `age` seconds (younger ones may belong to a running write), and
    /// returns the bytes they held. With `dryRun`, deletes nothing and returns the same.
    func removeStaleTemporaries(olderThan age: TimeInterval, dryRun: Bool) -> Int64
}

extension ObjectStore {
    /// Stores a table uncompressed (mapped when read).
    package func write(table: ArrowTable) throws -> (digest: String, size: Int) {
        try write(table: table, compression: nil)
    }
}
