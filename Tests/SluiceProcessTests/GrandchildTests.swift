import Glibc
import SluiceProcess
import Testing

@Suite("Processes the child leaves behind")
struct GrandchildTests {
    @Test func aGrandchildHoldingThePipeDoesNotHoldUpTheRun() throws {
        // The background sleep inherited stdout and keeps it open for 30 s.
        let (result, elapsed) = try ProcessProbe.timed {
            try Subprocess("/bin/sh", arguments: ["-c", "sleep 30 & echo $!; echo bye"]).run()
        }
        let sleeper = try #require(printedPID(result.outputText))
        defer { kill(sleeper, SIGKILL) }
        #expect(result.termination == .exited(0))
        #expect(result.outputText.hasSuffix("\nbye\n"))
        #expect(elapsed < .seconds(3))
        // A child that ended on its own may mean to leave a process running.
        #expect(ProcessProbe.isRunning(sleeper))
    }
}
