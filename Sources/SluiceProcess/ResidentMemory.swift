#if canImport(Glibc)
import Glibc
#endif

/// Resident memory of a process in bytes: the second field of /proc/PID/statm (in
/// pages). Nil when the process is gone or /proc is not mounted.
package func residentMemory(of process: String) -> Int? {
    let descriptor = open("/proc/\(process)/statm", O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 128)
    let count = read(descriptor, &bytes, bytes.count)
    guard count > 0 else { return nil }
    let fields = bytes[..<count].split(separator: UInt8(ascii: " "))
    guard fields.count >= 2, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
