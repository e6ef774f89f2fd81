#if canImport(Glibc)
import Glibc
#endif

/// This process's memory, as the create-destroy check measures it: resident memory,
/// which is what a leak costs a long-lived host. (The allocator's own count, mallinfo2,
/// would see untouched leaks too, but Swift's Glibc module does not import malloc.h.)
package enum MemoryGauge {
    /// Resident memory in bytes (the second field of /proc/self/statm, in pages); nil
    /// where /proc is not mounted.
    package static func resident() -> Int? {
        let descriptor = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 128)
        let count = read(descriptor, &bytes, bytes.count)
        guard count > 0 else { return nil }
        let fields = bytes[..<count].split(separator: UInt8(ascii: " "))
        guard fields.count >= 2, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
