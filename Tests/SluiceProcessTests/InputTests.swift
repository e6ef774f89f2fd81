import Glibc
import SluiceProcess
import Testing

@Suite("Standard input")
struct InputTests {
    @Test func bytesRoundTripThroughCat() throws {
        let result = try Subprocess("/bin/cat", standardInput: .bytes(Array("a body\nwith lines".utf8))).run()
        #expect(result.outputText == "a body\nwith lines")
    }

    @Test func theNullDeviceReadsAsEmpty() throws {
        let result = try Subprocess("/bin/cat").run()
        #expect(result.standardOutput.isEmpty)
        #expect(result.succeeded)
    }

    @Test func aBodyLargerThanThePipeDoesNotDeadlockAgainstAChildThatWritesALot() throws {
        // cat echoes as it reads, and a second writer fills stderr meanwhile: writing all
        // the input before reading would block on full pipes on both sides.
        let body = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let (result, elapsed) = try ProcessProbe.timed {
            try Subprocess(
                "/bin/sh", arguments: ["-c", "head -c 1048576 /dev/zero >&2 & cat; wait"],
                standardInput: .bytes(body), standardError: .capture(), timeout: .seconds(20)
            ).run()
        }
        #expect(result.termination == .exited(0))
        #expect(result.standardOutput == body)
        #expect(result.standardError.count == 1 << 20)
        #expect(elapsed < .seconds(10))
    }

    @Test func aChildThatStopsReadingEarlyDoesNotHurtThisProcess() throws {
        // The rest of the body meets a closed pipe: EPIPE for the writer, never SIGPIPE.
        let body = [UInt8](repeating: 0x41, count: 1 << 20)
        let result = try Subprocess("/usr/bin/head", arguments: ["-c", "3"], standardInput: .bytes(body)).run()
        #expect(result.outputText == "AAA")
        #expect(result.succeeded)
    }
}
