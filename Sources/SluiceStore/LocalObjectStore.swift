import Crypto
import Foundation
import SluiceArrow
import SluiceSupport

/// The object store on one machine: artifacts under `.sluice/objects/`, one file per
/// object named by its SHA-256 (`ab/cdef...`).
///
/// An object is written to a temporary file in the same file system (`.tmp/`), flushed
/// to disk, then renamed into place, so a crash at any moment leaves either no object
/// or a whole one, never half of one. Identical content is stored once.
package final class LocalObjectStore: ObjectStore {
    package let root: String
    private let temporary: String

    package var location: String { root }

    /// Opens (creating if needed) the store in `directory` (usually `.sluice/objects`).
    package init(directory: String) throws(SluiceError) {
        root = directory
        temporary = directory + "/.tmp"
        do {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        } catch {
            throw SluiceError(.storeCannotCreate, at: directory, "cannot create the object store: \(error.localizedDescription). Check that the project folder is writable")
        }
    }

    /// The file holding an object ("sha256:abcd..." → ROOT/ab/cd...).
    package func path(for digest: String) -> String? {
        guard digest.hasPrefix("sha256:"), digest.count == 71 else { return nil }
        let hex = digest.dropFirst(7)
        guard hex.allSatisfy({ $0.isHexDigit }) else { return nil }
        return "\(root)/\(hex.prefix(2))/\(hex.dropFirst(2))"
    }

    package func contains(_ digest: String) -> Bool {
        path(for: digest).map { FileManager.default.fileExists(atPath: $0) } ?? false
    }

    package func write(_ bytes: UnsafeRawBufferPointer, mediaType: String) throws -> String {
        let digest = sha256Digest(bytes)
        guard let target = path(for: digest) else { throw SluiceError(.storeInternal, "bad digest \(digest)") }
        if FileManager.default.fileExists(atPath: target) { return digest }
        try writeAtomically(to: target) { descriptor in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw posixError("write", target)
                }
                offset += written
            }
        }
        return digest
    }

    /// Stores a file's content (memory-mapped, not copied) and returns its digest.
    package func write(file path: String) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw SluiceError(.storeCannotRead, at: path, "cannot read: \(error.localizedDescription)")
        }
        return try data.withUnsafeBytes { try write($0, mediaType: "") }
    }

    /// Stores a table as an Arrow IPC file and returns its digest and size.
    package func write(table: ArrowTable, compression: ArrowIPCCompression? = nil) throws -> (digest: String, size: Int) {
        let scratch = "\(temporary)/\(UUID().uuidString).arrow"
        defer { unlink(scratch) }
        try ArrowIPCFileWriter.write(table, to: scratch, compression: compression)
        let size = ((try? FileManager.default.attributesOfItem(atPath: scratch))?[.size] as? Int) ?? 0
        let digest = try FileHasher.hashFile(scratch)
        guard let target = path(for: digest) else { throw SluiceError(.storeInternal, "bad digest \(digest)") }
        if !FileManager.default.fileExists(atPath: target) {
            try? FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard rename(scratch, target) == 0 else { throw posixError("rename", target) }
        }
        return (digest, size)
    }

    /// A stored value as a port value: tables (Arrow IPC files) are mapped, not read.
    package func portValue(digest: String, mediaType: String) throws -> PortValue? {
        guard let file = path(for: digest), FileManager.default.fileExists(atPath: file) else { return nil }
        if mediaType == PortValue.arrowMediaType {
            return .table(try ArrowIPCFileReader.read(file))
        }
        return try read(digest: digest).map { .bytes($0, mediaType: mediaType) }
    }

    /// Puts an object's content at `path` (atomically: temporary file, then rename).
    package func restore(_ digest: String, to path: String) throws {
        guard let source = self.path(for: digest), FileManager.default.fileExists(atPath: source) else {
            throw SluiceError(.storeMissingObject, at: digest, "the object is not in the store; run the stage again with --force-stage")
        }
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        let scratch = (folder.isEmpty ? "." : folder) + "/.sluice-restore-" + UUID().uuidString
        do {
            try FileManager.default.copyItem(atPath: source, toPath: scratch)
            chmod(scratch, 0o644)
            guard rename(scratch, path) == 0 else { throw posixError("rename", path) }
        } catch {
            unlink(scratch)
            throw SluiceError(.storeCannotRestore, at: path, "cannot restore this file from the store: \(error)")
        }
    }

    package func size(of digest: String) throws(SluiceError) -> Int? {
        path(for: digest).flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }
    }

    /// The object's own file: the store's files are never rewritten, so it stays valid.
    package func localFile(for digest: String) throws(SluiceError) -> String? {
        guard let file = path(for: digest), FileManager.default.fileExists(atPath: file) else { return nil }
        return file
    }

    package func read(digest: String) throws -> ByteBuffer? {
        guard let file = path(for: digest), FileManager.default.fileExists(atPath: file) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped)
        } catch {
            throw SluiceError(.storeCannotRead, at: file, "cannot read object \(digest): \(error.localizedDescription)")
        }
        return ByteBuffer.from(data)
    }

    // MARK: - Garbage collection

    /// The files named like objects, in the two-character folders (a folder that cannot
    /// be listed counts as empty).
    package func storedDigests() throws(SluiceError) -> [String] {
        let fileManager = FileManager.default
        var digests: [String] = []
        for prefix in (try? fileManager.contentsOfDirectory(atPath: root)) ?? [] where prefix.count == 2 {
            for rest in (try? fileManager.contentsOfDirectory(atPath: root + "/" + prefix)) ?? [] {
                let digest = "sha256:" + prefix + rest
                if path(for: digest) != nil { digests.append(digest) }
            }
        }
        return digests
    }

    package func delete(_ digest: String) throws(SluiceError) {
        guard let file = path(for: digest), unlink(file) != 0, errno != ENOENT else { return }
        throw posixError("unlink", file)
    }

    package func removeStaleTemporaries(olderThan age: TimeInterval, dryRun: Bool) -> Int64 {
        let fileManager = FileManager.default
        var freed: Int64 = 0
        for name in (try? fileManager.contentsOfDirectory(atPath: temporary)) ?? [] {
            let path = temporary + "/" + name
            let attributes = try? fileManager.attributesOfItem(atPath: path)
            guard let modified = attributes?[.modificationDate] as? Date, Date().timeIntervalSince(modified) > age else { continue }
            freed += (attributes?[.size] as? Int64) ?? 0
            if !dryRun { try? fileManager.removeItem(atPath: path) }
        }
        return freed
    }

    /// Writes through `body` into a temporary file, fsyncs it and renames it to `target`.
    private func writeAtomically(to target: String, _ body: (Int32) throws -> Void) throws {
        let folder = (target as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let scratch = "\(temporary)/\(UUID().uuidString)"
        let descriptor = open(scratch, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard descriptor >= 0 else { throw posixError("create", scratch) }
        do {
            try body(descriptor)
            guard fsync(descriptor) == 0 else { throw posixError("fsync", scratch) }
            close(descriptor)
        } catch {
            close(descriptor)
            unlink(scratch)
            throw error
        }
        guard rename(scratch, target) == 0 else {
            let error = posixError("rename", target)
            unlink(scratch)
            throw error
        }
    }

    private func posixError(_ operation: String, _ path: String) -> SluiceError {
        SluiceError(.storeIo, at: path, "\(operation) failed: \(String(cString: strerror(errno))). Check free disk space and permissions")
    }
}
