import Glibc
import SluiceProcess
import Testing

@Suite("Standard output and standard error")
struct OutputTests {
    @Test func capturesWhatTheChildPrints() throws {
        let result = try Subprocess("/bin/echo", arguments: ["hello", "world"]).run()
        #expect(result.outputText == "hello world\n")
        #expect(result.termination == .exited(0))
        #expect(result.succeeded)
    }

    @Test func keepsTheTwoStreamsApart() throws {
        let result = try Subprocess(
            "/bin/sh", arguments: ["-c", "echo out; echo err >&2; echo out2"],
            standardOutput: .capture(), standardError: .capture()
        ).run()
        #expect(result.outputText == "out\nout2\n")
        #expect(result.errorText == "err\n")
    }

    @Test func discardedStreamsAreNotKept() throws {
        let result = try Subprocess(
            "/bin/sh", arguments: ["-c", "echo out; echo err >&2"],
            standardOutput: .discard, standardError: .discard
        ).run()
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.isEmpty)
        #expect(result.succeeded)
    }

    @Test func aCaptureLimitKeepsTheStartAndLetsTheChildFinish() throws {
        let result = try Subprocess(
            "/bin/sh", arguments: ["-c", "head -c 300000 /dev/zero; echo end >&2"],
            standardOutput: .capture(limit: 1000), standardError: .capture()
        ).run()
        let (kept, outputTruncated, errorTruncated) = (result.standardOutput.count, result.standardOutputTruncated, result.standardErrorTruncated)
        #expect(kept == 1000)
        #expect(outputTruncated)
        #expect(!errorTruncated)
        #expect(result.errorText == "end\n")
        #expect(result.succeeded)
    }

    @Test func linesArriveInOrderWithTheUnfinishedLastOne() throws {
        var lines: [String] = []
        var errors: [String] = []
        let result = try Subprocess(
            "/bin/sh", arguments: ["-c", #"printf 'one\n\ntwo\r\n'; printf 'oops\n' >&2; printf 'three'; printf 'half' >&2"#],
            standardOutput: .lines { lines.append($0) }, standardError: .lines { errors.append($0) }
        ).run()
        #expect(lines == ["one", "", "two", "three"])
        #expect(errors == ["oops", "half"])
        #expect(result.standardOutput.isEmpty)
        #expect(result.succeeded)
    }

    @Test func linesAreDeliveredWhileTheChildStillRuns() throws {
        // Streamed lines arrive the child's half-second sleep apart; lines handed over
        // only at the end would arrive together.
        let clock = ContinuousClock()
        var arrivals: [ContinuousClock.Instant] = []
        let result = try Subprocess(
            "/bin/sh", arguments: ["-c", "echo early; sleep 0.5; echo late"],
            standardOutput: .lines { _ in arrivals.append(clock.now) }
        ).run()
        #expect(result.succeeded)
        try #require(arrivals.count == 2)
        #expect(arrivals[0].duration(to: arrivals[1]) > .milliseconds(250))
    }

    @Test func aLineWithoutEndArrivesInPiecesCutBetweenCharacters() throws {
        // "x" then 70 000 two-byte characters: the 64 KiB cut falls inside one of them.
        let text = "x" + String(repeating: "é", count: 70_000)
        var pieces: [String] = []
        let result = try Subprocess(
            "/bin/cat", standardInput: .bytes(Array(text.utf8)), standardOutput: .lines { pieces.append($0) }
        ).run()
        #expect(result.succeeded)
        #expect(pieces.count == 3)
        #expect(pieces.allSatisfy { $0.utf8.count <= 65536 })
        #expect(!pieces.joined().contains("\u{FFFD}"))
        #expect(pieces.joined() == text)
    }
}
