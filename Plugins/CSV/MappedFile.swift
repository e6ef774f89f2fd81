#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceKit

/// A file mapped read-only into memory. Parsers read it through `base`/`count` and hand
/// back the pages they are done with (`release`), so a large file does not stay resident.
///
/// @unchecked Sendable: the mapping is read-only and lives until deinit; workers read
/// disjoint or shared ranges without writing.
final class MappedFile: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    let count: Int
    private let mapping: UnsafeMutableRawPointer?

    /// Maps `path`; `shown` is the path as the user wrote it, for messages.
    init(path: String, shown: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT {
                throw StageError.notFound("\(shown): no such file (looked for \(path)). Check `path`: it is relative to the project folder")
            }
            throw StageError(.io, "\(shown): cannot open the file: \(String(cString: strerror(code))). Check that it is readable")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw StageError(.io, "\(shown): cannot read the file's size: \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw StageError.invalidConfig("\(shown) is not a regular file (a folder?). Point `path` at a file")
        }
        count = Int(info.st_size)
        if count == 0 {
            // mmap refuses empty ranges; one readable zero byte stands in.
            let empty = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
            empty.initialize(to: 0)
            base = UnsafePointer(empty)
            mapping = nil
            return
        }
        guard let memory = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), memory != MAP_FAILED else {
            throw StageError(.io, "\(shown): cannot map the file into memory: \(String(cString: strerror(errno)))")
        }
        _ = madvise(memory, count, MADV_SEQUENTIAL)
        mapping = memory
        base = UnsafePointer(memory.assumingMemoryBound(to: UInt8.self))
    }

    deinit {
        if let mapping {
            munmap(mapping, count)
        } else {
            UnsafeMutablePointer(mutating: base).deallocate()
        }
    }

    /// Lets the kernel drop the pages wholly inside `range` from this process (they are
    /// read again from the page cache if touched later).
    func release(_ range: Range<Int>) {
        guard let mapping else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound / page * page
        guard end > start else { return }
        _ = madvise(mapping + start, end - start, MADV_DONTNEED)
    }
}
