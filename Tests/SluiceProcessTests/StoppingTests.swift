import Glibc
import SluiceProcess
import Testing

@Suite("Timeouts and cancellation")
struct StoppingTests {
    @Test func aTimeoutStopsAShellAndTheChildItStartedWithinTheGrace() throws {
        let (result, elapsed) = try ProcessProbe.timed {
            try Subprocess(
                "/bin/sh", arguments: ["-c", "sleep 30 & echo $!; wait"],
                timeout: .milliseconds(300), gracePeriod: .seconds(5)
            ).run()
        }
        #expect(result.termination == .timedOut)
        #expect(result.status == .signalled(SIGTERM))
        // SIGTERM was enough: well inside the five second grace.
        #expect(elapsed < .seconds(3))
        let sleeper = try #require(printedPID(result.outputText))
        #expect(ProcessProbe.ends(sleeper))
    }

    @Test func aChildThatFinishesInTimeIsNotStopped() throws {
        let result = try Subprocess("/bin/sh", arguments: ["-c", "echo done"], timeout: .seconds(10)).run()
        #expect(result.termination == .exited(0))
        #expect(result.outputText == "done\n")
    }

    @Test func cancellationSendsSIGTERMToAChildThatHonoursIt() throws {
        var ready = false
        let (result, elapsed) = try ProcessProbe.timed {
            try Subprocess(
                "/bin/sh", arguments: ["-c", "echo ready; sleep 30"],
                standardOutput: .lines { if $0 == "ready" { ready = true } },
                gracePeriod: .seconds(5), isCancelled: { ready }
            ).run()
        }
        #expect(result.termination == .cancelled)
        #expect(result.status == .signalled(SIGTERM))
        #expect(elapsed < .seconds(3))
    }

    @Test func cancellationSendsSIGTERMFirstThenSIGKILLAfterTheGrace() throws {
        // The shell notes SIGTERM and carries on; only SIGKILL ends it.
        var lines: [String] = []
        let (result, elapsed) = try ProcessProbe.timed {
            try Subprocess(
                "/bin/sh", arguments: ["-c", "trap 'echo TERM' TERM; echo ready; while :; do sleep 0.05; done"],
                standardOutput: .lines { lines.append($0) },
                gracePeriod: .milliseconds(300), isCancelled: { lines.contains("ready") }
            ).run()
        }
        #expect(result.termination == .cancelled)
        #expect(result.status == .signalled(SIGKILL))
        #expect(lines.first == "ready")
        #expect(lines.contains("TERM"))
        #expect(elapsed < .seconds(3))
    }

    @Test func childrenThatIgnoreSIGTERMAreKilledWithTheirShell() throws {
        // `trap '' TERM` makes the shell and the sleep it starts ignore SIGTERM.
        var sleeper: pid_t?
        let (result, elapsed) = try ProcessProbe.timed {
            try Subprocess(
                "/bin/sh", arguments: ["-c", "trap '' TERM; sleep 30 & echo $!; wait"],
                standardOutput: .lines { sleeper = pid_t($0) },
                gracePeriod: .milliseconds(300), isCancelled: { sleeper != nil }
            ).run()
        }
        #expect(result.termination == .cancelled)
        #expect(result.status == .signalled(SIGKILL))
        #expect(elapsed < .seconds(3))
        #expect(ProcessProbe.ends(try #require(sleeper)))
    }

    @Test func cancellationIsAskedForEvenWhenTheChildIsSilent() throws {
        // No output ever wakes the wait; it must ask on its own, and keep asking.
        var asked = 0
        let (result, elapsed) = try ProcessProbe.timed {
            try Subprocess("/bin/sleep", arguments: ["30"], isCancelled: {
                asked += 1
                return asked == 5
            }).run()
        }
        #expect(result.termination == .cancelled)
        #expect(asked == 5)
        #expect(elapsed < .seconds(3))
    }
}
