import Foundation
import Synchronization

/// One thread that lives as long as the process and runs what it is given, in order.
/// A plugin worker asks the kernel to kill it when its parent goes (PR_SET_PDEATHSIG),
/// and "parent" there means the *thread* that started it: a worker started from a
/// pool thread that the pool later retires would die with that thread. Workers that
/// outlive the call that started them (served models) are started from here.
package enum LastingThread {
    private final class Queue: Sendable {
        let jobs = Mutex<[@Sendable () -> Void]>([])
        let available = DispatchSemaphore(value: 0)
    }

    private static let queue: Queue = {
        let queue = Queue()
        let thread = Thread {
            while true {
                queue.available.wait()
                let job = queue.jobs.withLock { $0.removeFirst() }
                job()
            }
        }
        thread.name = "sluice lasting spawner"
        thread.start()
        return queue
    }()

    /// Runs `body` on the lasting thread and returns what it returned.
    package static func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) throws(E) -> T {
        let outcome = Outcome<T, E>()
        queue.jobs.withLock { $0.append {
            outcome.result = Result { () throws(E) -> T in try body() }
            outcome.done.signal()
        } }
        queue.available.signal()
        outcome.done.wait()
        return try outcome.result!.get()
    }

    // @unchecked: written on the lasting thread before `done` is signalled, read after.
    private final class Outcome<T, E: Error>: @unchecked Sendable {
        var result: Result<T, E>?
        let done = DispatchSemaphore(value: 0)
    }
}
