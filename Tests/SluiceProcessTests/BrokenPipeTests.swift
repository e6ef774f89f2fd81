import Glibc
@testable import SluiceProcess
import Testing

@Suite("Writing to a child that has gone")
struct BrokenPipeTests {
    // The child can exit between poll saying "room to write" and the write, a race no
    // child can be made to lose on cue; so this drives the writer itself, on a real pipe
    // whose reader is already closed.
    @Test func neverRaisesSIGPIPEInThisProcess() throws {
        // The default action ends the process: if the writer let SIGPIPE through, the
        // whole test run would die here.
        let previous = signal(SIGPIPE, SIG_DFL)
        defer { signal(SIGPIPE, previous) }
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        close(ends[0])

        var feeder = InputFeeder(descriptor: ends[1], bytes: Array("a body".utf8))
        feeder.writeSome()

        #expect(feeder.descriptor == nil)
        var pending = sigset_t()
        sigpending(&pending)
        #expect(sigismember(&pending, SIGPIPE) == 0)
    }
}
