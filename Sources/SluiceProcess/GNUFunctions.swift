#if canImport(Glibc)
import Glibc
#endif

/// glibc functions that its headers declare only under _GNU_SOURCE, which Swift's Glibc
/// module is not built with, so Swift cannot see them; they are looked up once with dlsym
/// instead. Each is nil where the C library lacks it, and callers fall back or refuse.
enum GNUFunctions {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    typealias PidfdOpen = @convention(c) (pid_t, UInt32) -> Int32

    /// Makes both ends close-on-exec atomically, so that a child another thread spawns
    /// meanwhile cannot inherit them and hold our pipe open (glibc 2.9).
    static let pipe2: Pipe2? = symbol("pipe2")
    /// Changes directory in the child only; chdir in this process would move every thread
    /// (glibc 2.29).
    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    /// Closes every descriptor from 3 up in the child, including ones some library in
    /// this process opened without close-on-exec (glibc 2.34).
    static let addClosefrom: AddClosefrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    /// A descriptor that poll reports readable when the child exits, so the wait needs no
    /// timer to notice it (glibc 2.36, Linux 5.3).
    static let pidfdOpen: PidfdOpen? = symbol("pidfd_open")

    private static func symbol<Function>(_ name: String) -> Function? {
        // A nil handle is RTLD_DEFAULT: the symbols this process already has loaded.
        guard let address = dlsym(nil, name) else { return nil }
        return unsafeBitCast(address, to: Function.self)
    }
}
