import Crypto
import Foundation
import SluiceSupport

/// Digests of files and folders that stages declare in `deps`, and of plugin library
/// files, hashed fast and once: a file whose (path, size, mtime, inode) is unchanged
/// since it was last hashed is not read again.
package final class FileHasher {

    private let store: any RunStore
    private var cache: [String: (FileStamp, String)]
    private var fresh: [(String, FileStamp, String)] = []

    package init(store: any RunStore) throws(SluiceError) {
        self.store = store
        cache = try store.fileDigests()
    }

    /// The digest of a file, or of a folder (every file under it, by relative path).
    package func digest(of path: String) throws(SluiceError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "it does not exist" : "it cannot be read (\(String(cString: strerror(errno))))"
            throw SluiceError(.depsMissing, at: path, "declared in `deps` but \(reason). Create it, or remove it from `deps`")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            return try folderDigest(path)
        }
        return try fileDigest(path, stamp: FileStamp(info))
    }

    /// The digest of a plugin's library file: part of its stages' fingerprints, so that
    /// rebuilding a plugin with the same version reruns its stages.
    package func libraryDigest(of path: String) throws(SluiceError) -> String {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            let reason = (info.st_mode & S_IFMT) != 0 ? "not a regular file" : String(cString: strerror(errno))
            throw SluiceError(.pluginLibraryUnreadable, at: path, "the plugin's library file cannot be read (\(reason)), so its stages cannot be fingerprinted. Check that the file is still there, or run `sluice plugins list` to see where each plugin is loaded from")
        }
        return try fileDigest(path, stamp: FileStamp(info))
    }

    /// Remembers what was hashed in this process for the next one.
    package func save() throws(SluiceError) {
        guard !fresh.isEmpty else { return }
        try store.saveFileDigests(fresh)
        fresh = []
    }

    private func fileDigest(_ path: String, stamp: FileStamp) throws(SluiceError) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        if let (known, digest) = cache[absolute], known == stamp { return digest }
        let digest = try Self.hashFile(absolute)
        cache[absolute] = (stamp, digest)
        fresh.append((absolute, stamp, digest))
        return digest
    }

    private func folderDigest(_ path: String) throws(SluiceError) -> String {
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw SluiceError(.depsUnreadable, at: path, "cannot list this folder declared in `deps`. Check its permissions")
        }
        var entries: [String] = []
        while let relative = walker.nextObject() as? String { entries.append(relative) }
        var hasher = SHA256()
        for relative in entries.sorted() {
            let full = path + "/" + relative
            var info = stat()
            guard stat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let digest = try fileDigest(full, stamp: FileStamp(info))
            hasher.update(data: Data((relative + "\u{0}" + digest + "\n").utf8))
        }
        return sha256Text(hasher.finalize())
    }

    /// SHA-256 of a file, read in large blocks.
    package static func hashFile(_ path: String) throws(SluiceError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SluiceError(.depsUnreadable, at: path, "cannot read: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        let size = 4 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, size)
            if count < 0 {
                if errno == EINTR { continue }
                throw SluiceError(.depsUnreadable, at: path, "reading failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return sha256Text(hasher.finalize())
    }
}
