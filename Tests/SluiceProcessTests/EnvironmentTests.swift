import Glibc
import SluiceProcess
import Testing

@Suite("Environment and working directory")
struct EnvironmentTests {
    @Test func aGivenEnvironmentIsAllTheChildGets() throws {
        let result = try Subprocess("/usr/bin/env", environment: ["SLUICE_TEST": "one two", "EMPTY": ""]).run()
        #expect(result.outputText == "EMPTY=\nSLUICE_TEST=one two\n")
    }

    @Test func noEnvironmentInheritsThisProcesss() throws {
        let path = String(cString: try #require(getenv("PATH")))
        let result = try Subprocess("/bin/sh", arguments: ["-c", #"printf %s "$PATH""#]).run()
        #expect(result.outputText == path)
    }

    @Test func theInheritedEnvironmentCanBeChangedForOneChild() throws {
        var environment = Subprocess.inheritedEnvironment
        #expect(environment["PATH"] == String(cString: getenv("PATH")))
        environment["SLUICE_ADDED"] = "1"
        let result = try Subprocess("/usr/bin/env", environment: environment).run()
        let lines = result.outputText.split(separator: "\n")
        #expect(lines.contains("SLUICE_ADDED=1"))
        #expect(lines.contains(Substring("PATH=" + String(cString: getenv("PATH")))))
    }

    @Test func theChildStartsInTheWorkingDirectory() throws {
        let result = try Subprocess("/bin/pwd", arguments: ["-P"], workingDirectory: "/usr/bin").run()
        #expect(result.outputText == "/usr/bin\n")
        // This process stayed where it was.
        var here = [CChar](repeating: 0, count: 4096)
        #expect(String(cString: getcwd(&here, here.count)) != "/usr/bin")
    }

    @Test func aMissingWorkingDirectoryIsNamedInTheError() throws {
        let error = #expect(throws: SubprocessError.self) {
            try Subprocess("/bin/pwd", workingDirectory: "/sluice-no-such-directory").run()
        }
        #expect(error?.code == "process.spawn-failed")
        #expect(error?.message == "cannot start '/bin/pwd': working directory '/sluice-no-such-directory': No such file or directory")
    }
}
