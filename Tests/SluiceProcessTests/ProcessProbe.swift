import Glibc

/// What the tests learn about processes from /proc, to check that a child (or one it
/// started) is really gone rather than trusting the helper's own account.
enum ProcessProbe {
    /// "R", "S", "Z", ..., or nil when there is no such process.
    static func state(of pid: pid_t) -> Character? {
        guard let fields = statFields(of: pid) else { return nil }
        return fields.first?.first
    }

    /// Alive and not a zombie: a killed grandchild stays a zombie until whoever adopted
    /// it reaps it, which is not ours to wait for.
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let state = state(of: pid) else { return false }
        return state != "Z" && state != "X"
    }

    /// Whether `pid` is gone or a zombie within `limit`. A killed process closes its
    /// files (which ends the run) a moment before it shows as a zombie, so a check right
    /// after the run can still find it exiting.
    static func ends(_ pid: pid_t, within limit: Duration = .seconds(2)) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while isRunning(pid) {
            if clock.now >= deadline { return false }
            usleep(10_000)
        }
        return true
    }

    /// The fields of /proc/PID/stat after "(command)": state, ppid, pgrp, ...
    static func statFields(of pid: pid_t) -> [Substring]? {
        guard let text = readFile("/proc/\(pid)/stat") else { return nil }
        return fields(ofStat: text)
    }

    static func fields(ofStat text: String) -> [Substring]? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    static func readFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs `body` and says how long it took.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try body()
        return (value, start.duration(to: clock.now))
    }
}

/// The pid a `sh -c '... & echo $!'` printed.
func printedPID(_ text: String) -> pid_t? {
    text.split(separator: "\n").first.flatMap { pid_t($0) }
}
