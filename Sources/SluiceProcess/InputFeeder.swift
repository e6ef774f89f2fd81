#if canImport(Glibc)
import Glibc
#endif

/// Writes the bytes for the child's standard input a chunk at a time, whenever poll says
/// the pipe has room, and closes the pipe after the last byte so the child sees the end.
struct InputFeeder {
    private(set) var descriptor: Int32?
    private let bytes: [UInt8]
    private var written = 0

    init(descriptor: Int32, bytes: [UInt8]) {
        // Non-blocking: with the pipe nearly full a write takes what fits and returns,
        // instead of stalling the loop that must also read the child's output.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        self.descriptor = descriptor
        self.bytes = bytes
    }

    mutating func writeSome() {
        guard let descriptor else { return }
        let count = min(bytes.count - written, 65536)
        let result = bytes.withUnsafeBytes { writeWithoutSIGPIPE(descriptor, $0.baseAddress! + written, count) }
        if result > 0 {
            written += result
            if written == bytes.count { close() }
        } else if result < 0, errno == EAGAIN || errno == EINTR {
            return
        } else {
            // EPIPE: the child closed its input without reading all of it. That is its
            // business (`head`, a server that rejects the body); its status tells.
            close()
        }
    }

    mutating func close() {
        if let descriptor { _ = Glibc.close(descriptor) }
        descriptor = nil
    }

    /// A write to a pipe whose reader is gone raises SIGPIPE, which kills this whole
    /// process unless it is ignored, and whether it is ignored is the host's choice. Poll
    /// reports a gone reader first, but the child can exit between poll and write. So
    /// block SIGPIPE on this thread around the write and take back one the write raised:
    /// the write just fails with EPIPE, or stops short when some bytes went in first.
    private func writeWithoutSIGPIPE(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var pending = sigset_t()
        sigpending(&pending)
        // One already pending is someone else's, and stays pending.
        let alreadyPending = sigismember(&pending, SIGPIPE) == 1
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previousMask)
        let result = write(descriptor, pointer, count)
        let number = errno
        sigpending(&pending)
        if !alreadyPending, sigismember(&pending, SIGPIPE) == 1 {
            var now = timespec(tv_sec: 0, tv_nsec: 0)
            while sigtimedwait(&pipeSignal, nil, &now) == -1, errno == EINTR {}
        }
        pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        errno = number
        return result
    }
}
