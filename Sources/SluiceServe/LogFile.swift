import Foundation

/// The prediction log's current file, appended with write(2) and replaced by a new
/// file once it would pass `maxBytes`. Names sort in time order:
/// `predictions-20261126T180405Z-0001.jsonl`. Used by the writer thread only.
struct LogFile {
    let directory: String
    let maxBytes: Int
    private var descriptor: Int32 = -1
    private var size = 0
    private var sequence = 0
    /// The last error, reported once rather than on every line.
    private var failed = false

    init(directory: String, maxBytes: Int) {
        self.directory = directory
        self.maxBytes = max(maxBytes, 1)
    }

    /// Whether the file, holding `pending` bytes more than it has now, would pass
    /// `maxBytes` with `bytes` (the pending ones included). A file with nothing in it
    /// never overflows, so a line longer than `maxBytes` still gets a file of its own.
    func wouldOverflow(adding bytes: Int, pending: Int) -> Bool {
        size + pending > 0 && size + bytes > maxBytes
    }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if descriptor < 0 { open() }
        guard descriptor >= 0 else { return }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    report("cannot write the prediction log: \(String(cString: strerror(errno)))")
                    return
                }
                offset += count
            }
        }
        size += bytes.count
    }

    mutating func rotate() {
        close()
    }

    mutating func close() {
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        _ = Glibc.close(descriptor)
        descriptor = -1
        size = 0
    }

    private mutating func open() {
        var name: String
        repeat {
            sequence += 1
            name = directory + "/predictions-\(Self.stamp())-\(String(repeating: "0", count: max(0, 4 - String(sequence).count)))\(sequence).jsonl"
        } while FileManager.default.fileExists(atPath: name)
        descriptor = Glibc.open(name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        size = 0
        if descriptor < 0 { report("cannot create \(name): \(String(cString: strerror(errno)))") }
    }

    private mutating func report(_ message: String) {
        guard !failed else { return }
        failed = true
        FileHandle.standardError.write(Data("sluice serve: warning: \(message); predictions are not being logged\n".utf8))
    }

    private static func stamp() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }
}
