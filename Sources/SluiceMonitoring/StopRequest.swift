import Foundation

/// A request to stop a monitor's schedule (Ctrl-C, SIGTERM), and the pause between
/// checks that it cuts short.
package final class StopRequest: @unchecked Sendable {
    // @unchecked: `requested` is only touched under `lock`; the semaphore is thread-safe.
    private let lock = NSLock()
    private var requested = false
    private let woken = DispatchSemaphore(value: 0)

    package init() {}

    package func request() {
        lock.withLock { requested = true }
        woken.signal()
    }

    package var isRequested: Bool { lock.withLock { requested } }

    /// Waits `seconds`; true when a stop was requested first.
    package func wait(seconds: Double) -> Bool {
        if isRequested { return true }
        _ = woken.wait(timeout: .now() + seconds)
        return isRequested
    }
}
