import SluiceSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the IPC readers bring a file into memory.
package enum ArrowFileLoading: Sendable {
    /// Map files of at least `mappingThreshold` bytes, read smaller ones.
    case automatic
    /// Map the file: buffers are views of the page cache, nothing is copied, and pages
    /// are read only when touched. The file must not be truncated while the table lives
    /// (true of the content-addressed store, whose files never change): reading a page
    /// that no longer exists raises SIGBUS.
    case map
    /// Read the whole file into one 64-byte-aligned allocation: buffers are views of it.
    /// Immune to later changes of the file.
    case read
}

/// Loads whole files as `ArrowStorage`, by mapping or reading them.
package enum ArrowFileLoader {
    /// Below this, reading costs no more than mapping and holds no file-lifetime hazard.
    package static let mappingThreshold = 16 << 20

    package static func load(_ path: String, _ loading: ArrowFileLoading) throws -> ArrowStorage {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ArrowError.io(path, "open it", errno: errno) }
        defer { close(descriptor) }
        return try load(descriptor: descriptor, path: path, loading)
    }

    /// The file open as `descriptor` (left open), e.g. a shared-memory file handed over
    /// by another process; `path` names it in messages.
    package static func load(descriptor: Int32, path: String, _ loading: ArrowFileLoading) throws -> ArrowStorage {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ArrowError.io(path, "read its size", errno: errno) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw SluiceError(.arrowIo, at: path, "is not a regular file; pass the path of an Arrow IPC file")
        }
        let size = Int(status.st_size)
        let shouldMap = switch loading {
        case .automatic: size >= mappingThreshold
        case .map: size > 0
        case .read: false
        }
        if shouldMap, let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapping != MAP_FAILED {
            // Sequential access is the common case: ask the kernel to read ahead.
            _ = madvise(mapping, size, MADV_WILLNEED)
            return ArrowStorage(mapping: mapping, length: size, ofFile: true)
        }
        return try readAll(descriptor, size: size, path: path)
    }

    /// Memory for a large file read whole: anonymous pages the kernel may back with
    /// 2 MiB huge pages. Faulting in fresh 4 KiB pages cost more than the read itself
    /// (0.6 GB/s against 1.8 GB/s for 168 MB on the development VM).
    private static func largeStorage(_ size: Int) -> ArrowStorage {
        #if os(Linux)
        if let memory = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), memory != MAP_FAILED {
            _ = madvise(memory, size, MADV_HUGEPAGE)
            return ArrowStorage(mapping: memory, length: size)
        }
        #endif
        return ArrowStorage(allocating: size)
    }

    private static func readAll(_ descriptor: Int32, size: Int, path: String) throws -> ArrowStorage {
        let storage = size >= mappingThreshold ? largeStorage(size) : ArrowStorage(allocating: size)
        var done = 0
        while done < size {
            let count = read(descriptor, storage.baseAddress + done, size - done)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw ArrowError.io(path, "read it", errno: errno) }
            // The file shrank after fstat: keep what was read; the format checks will say it is truncated.
            if count == 0 { return ArrowStorage(copying: UnsafeRawBufferPointer(start: storage.baseAddress, count: done)) }
            done += count
        }
        return storage
    }
}
