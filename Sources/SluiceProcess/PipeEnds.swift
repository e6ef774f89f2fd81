#if canImport(Glibc)
import Glibc
#endif

/// The two descriptors of a pipe, both close-on-exec: only the child the pipe is meant
/// for gets an end, as its 0, 1 or 2 (dup2 clears the flag there).
struct PipeEnds {
    let read: Int32
    let write: Int32

    static func make(for executable: String) throws(SubprocessError) -> PipeEnds {
        var ends: [Int32] = [-1, -1]
        if let pipe2 = GNUFunctions.pipe2 {
            guard pipe2(&ends, O_CLOEXEC) == 0 else { throw failure(executable, errno) }
        } else {
            guard pipe(&ends) == 0 else { throw failure(executable, errno) }
            _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        }
        // A daemon with 0, 1 or 2 closed would get them back here, and then the child's
        // dup2 onto 0, 1 and 2 would overwrite one pipe end with another.
        guard let read = aboveStandardDescriptors(ends[0]) else {
            let number = errno
            close(ends[1])
            throw failure(executable, number)
        }
        guard let write = aboveStandardDescriptors(ends[1]) else {
            let number = errno
            close(read)
            throw failure(executable, number)
        }
        return PipeEnds(read: read, write: write)
    }

    private static func aboveStandardDescriptors(_ descriptor: Int32) -> Int32? {
        guard descriptor <= 2 else { return descriptor }
        let moved = fcntl(descriptor, F_DUPFD_CLOEXEC, 3)
        let number = errno
        close(descriptor)
        errno = number
        return moved >= 0 ? moved : nil
    }

    private static func failure(_ executable: String, _ number: Int32) -> SubprocessError {
        .system(SubprocessError.pipeFailed, "cannot start '\(executable)': cannot make a pipe", number)
    }
}
