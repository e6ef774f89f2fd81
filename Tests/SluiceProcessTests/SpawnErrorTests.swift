import Glibc
import SluiceProcess
import Testing

@Suite("Children that cannot start")
struct SpawnErrorTests {
    @Test func aProgramNotOnPATHIsASpawnErrorWithTheReason() throws {
        let error = #expect(throws: SubprocessError.self) {
            try Subprocess("sluice-no-such-program", arguments: ["--version"]).run()
        }
        #expect(error?.code == "process.spawn-failed")
        #expect(error?.message == "cannot start 'sluice-no-such-program': No such file or directory")
        #expect(error?.systemError == ENOENT)
    }

    @Test func aMissingPathIsASpawnError() throws {
        let error = #expect(throws: SubprocessError.self) { try Subprocess("/sluice/no/such/curl").run() }
        #expect(error?.message == "cannot start '/sluice/no/such/curl': No such file or directory")
    }

    @Test func aFileThatIsNotExecutableIsASpawnError() throws {
        let error = #expect(throws: SubprocessError.self) { try Subprocess("/etc/passwd").run() }
        #expect(error?.code == "process.spawn-failed")
        #expect(error?.message == "cannot start '/etc/passwd': Permission denied")
    }

    @Test func anArgumentWithANULByteIsRefusedRatherThanCut() throws {
        let error = #expect(throws: SubprocessError.self) {
            try Subprocess("/bin/echo", arguments: ["keep\u{0}this"]).run()
        }
        #expect(error?.code == "process.invalid-argument")
    }

    @Test func aNameLookedUpOnPATHStarts() throws {
        let result = try Subprocess("echo", arguments: ["found"]).run()
        #expect(result.outputText == "found\n")
    }
}
