#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that a crash never leaves half of it: the bytes go to a temporary
/// file beside the destination, which is flushed to disk (fsync) and then renamed over
/// it; the folder is flushed too so the rename itself survives a power cut.
///
/// Small writes are gathered in a staging buffer; large ones (column buffers) go
/// straight from their memory to the kernel, without a copy.
package final class AtomicFileSink {
    package let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    /// Bytes written so far: the file offset of the next byte.
    private(set) var position = 0
    private var staging: [UInt8] = []
    private static let stagingCapacity = 1 << 20

    /// Writes into a file nobody else can see yet (a shared-memory file before it is
    /// handed to another process): no temporary file, no rename, no fsync; the caller
    /// keeps the descriptor.
    private let unseen: Bool

    package init(path: String) throws {
        self.path = path
        temporaryPath = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        unseen = false
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ArrowError.io(path, "create a temporary file beside it", errno: errno) }
        staging.reserveCapacity(AtomicFileSink.stagingCapacity)
    }

    /// Writes into `descriptor`, an empty file only this process holds; `path` names it in messages.
    package init(unseen descriptor: Int32, path: String) {
        self.path = path
        temporaryPath = ""
        unseen = true
        self.descriptor = descriptor
        staging.reserveCapacity(AtomicFileSink.stagingCapacity)
    }

    deinit {
        // Not committed: remove the temporary file; the destination stays as it was.
        if descriptor >= 0 && !unseen {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        position += bytes.count
        if staging.count + bytes.count <= AtomicFileSink.stagingCapacity {
            staging.append(contentsOf: bytes)
            return
        }
        try flushStaging()
        if bytes.count < AtomicFileSink.stagingCapacity / 2 {
            staging.append(contentsOf: bytes)
        } else {
            try writeFully(bytes)
        }
    }

    package func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    package func write<T: FixedWidthInteger>(_ value: T) throws {
        try withUnsafeBytes(of: value.littleEndian) { try write($0) }
    }

    package func writeZeros(_ count: Int) throws {
        guard count > 0 else { return }
        try write([UInt8](repeating: 0, count: count))
    }

    /// Flushes everything to disk and renames the file into place.
    package func commit() throws {
        try flushStaging()
        if unseen { return }
        guard fsync(descriptor) == 0 else { throw ArrowError.io(path, "flush it to disk", errno: errno) }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else {
            unlink(temporaryPath)
            throw ArrowError.io(path, "close it", errno: errno)
        }
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw ArrowError.io(path, "rename the temporary file into place", errno: code)
        }
        syncFolder()
    }

    private func flushStaging() throws {
        guard !staging.isEmpty else { return }
        try staging.withUnsafeBytes { try writeFully($0) }
        staging.removeAll(keepingCapacity: true)
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let count = systemWrite(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw ArrowError.io(path, "write it (is the disk full?)", errno: errno) }
            done += count
        }
    }

    /// Best effort: some file systems refuse to fsync a folder, and the data is safe anyway.
    private func syncFolder() {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folderDescriptor >= 0 else { return }
        _ = fsync(folderDescriptor)
        close(folderDescriptor)
    }
}

/// The C library's `write`, which the sink's own `write` methods would shadow.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
