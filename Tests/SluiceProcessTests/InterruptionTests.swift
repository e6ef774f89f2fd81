import Glibc
import SluiceProcess
import Synchronization
import Testing

/// Signals that reached the test thread's handler.
private let deliveries = Atomic<Int>(0)

/// Sends SIGUSR1 to one thread every 2 ms until told to stop. Sendable without
/// `@unchecked`: a pthread_t is an integer and the flag is atomic.
private final class Interrupter: Sendable {
    let target: pthread_t
    let running = Atomic<Bool>(true)

    init(target: pthread_t) { self.target = target }
}

@Suite("Interrupted system calls")
struct InterruptionTests {
    @Test func signalsArrivingDuringTheWaitChangeNothing() throws {
        // A handler without SA_RESTART, so poll, read, write and waitpid on this thread
        // fail with EINTR whenever one arrives. Left installed afterwards: a signal still
        // in flight must not meet the default action, which ends the process.
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in deliveries.add(1, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGUSR1, &action, nil)

        // Threads of the test pool block most signals; this one must take SIGUSR1.
        var usr1 = sigset_t()
        sigemptyset(&usr1)
        sigaddset(&usr1, SIGUSR1)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &usr1, &previousMask)
        defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }

        let interrupter = Interrupter(target: pthread_self())
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { context in
            let interrupter = Unmanaged<Interrupter>.fromOpaque(context!).takeUnretainedValue()
            while interrupter.running.load(ordering: .relaxed) {
                pthread_kill(interrupter.target, SIGUSR1)
                usleep(2000)
            }
            return nil
        }, Unmanaged.passUnretained(interrupter).toOpaque())
        try #require(started == 0)
        let before = deliveries.load(ordering: .relaxed)

        // The body waits in a full pipe while the child sleeps, then flows through cat.
        let body = (0..<(256 * 1024)).map { UInt8(truncatingIfNeeded: $0 % 253) }
        let result = try Subprocess(
            "/bin/sh", arguments: ["-c", "sleep 0.3; cat; echo done >&2"],
            standardInput: .bytes(body), standardError: .lines { _ in }
        ).run()

        interrupter.running.store(false, ordering: .relaxed)
        pthread_join(thread, nil)
        #expect(deliveries.load(ordering: .relaxed) - before > 10)
        #expect(result.termination == .exited(0))
        #expect(result.standardOutput == body)
    }
}
