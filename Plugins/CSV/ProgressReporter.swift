import SluiceKit
import Synchronization

/// Adds up the bytes the parse workers got through, reports progress to the host every
/// 5 % (for big files), hands consumed pages of the file back, and relays cancellation.
final class ProgressReporter: Sendable {
    private let host: HostServices
    private let total: Int
    private let report: Bool
    private let done = Atomic<Int>(0)
    private let reported = Atomic<Int>(0)

    init(host: HostServices, total: Int, report: Bool) {
        self.host = host
        self.total = max(total, 1)
        self.report = report
    }

    /// The tick function of one chunk parse (used by one thread).
    func ticker(file: MappedFile, chunkStart: Int) -> (Int) -> Bool {
        var last = chunkStart
        var released = chunkStart
        return { [self] offset in
            let delta = offset - last
            last = offset
            // Keep a little behind the parser resident; everything before it is done with.
            let upTo = offset - (1 << 16)
            if upTo > released + (4 << 20) {
                file.release(released..<upTo)
                released = upTo
            }
            let now = done.add(delta, ordering: .relaxed).newValue
            if report {
                let step = now * 20 / total
                let previous = reported.load(ordering: .relaxed)
                if step > previous, reported.compareExchange(expected: previous, desired: step, ordering: .relaxed).exchanged {
                    host.progress(min(Double(now) / Double(total), 1), "read \(now >> 20) of \(total >> 20) MB")
                }
            }
            return !host.isCancelled
        }
    }

    /// Reports the end of parsing.
    func finish() {
        if report { host.progress(1, "parsed") }
    }
}
