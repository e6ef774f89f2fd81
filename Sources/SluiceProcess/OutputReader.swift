#if canImport(Glibc)
import Glibc
#endif

/// This process's end of one of the child's output pipes, and what becomes of its bytes.
struct OutputReader {
    private(set) var descriptor: Int32?
    private(set) var collector: OutputCollector

    init(descriptor: Int32, collector: OutputCollector) {
        // Non-blocking, so that a read after a wake-up that turns out spurious cannot
        // stall the loop (and with it the timeout and the cancellation).
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        self.descriptor = descriptor
        self.collector = collector
    }

    /// One read, into a buffer the loop shares between the streams; poll said there is
    /// something (data, or the end).
    mutating func readSome(into buffer: inout [UInt8]) {
        guard let descriptor else { return }
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            collector.take(buffer[0..<count])
        } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
            finish()
        }
    }

    /// At the end of the stream, or when the wait stops reading (a grandchild holds the
    /// pipe); passes on an unfinished last line.
    mutating func finish() {
        guard let descriptor else { return }
        close(descriptor)
        self.descriptor = nil
        collector.finish()
    }
}
