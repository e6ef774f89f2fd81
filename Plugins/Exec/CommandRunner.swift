import Foundation
import SluiceKit
import SluiceProcess

/// Runs a child process, streaming its stderr into the stage's log, keeping its
/// stdout, and stopping it when the run is cancelled (SIGTERM, then SIGKILL after 2 s).
struct CommandRunner {
    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderrTail: String
    }

    let command: RunCommand.Command
    let directory: URL
    let environment: [String: String]
    let host: HostServices

    func run() throws -> Result {
        var process = switch command {
        case .shell(let line): Subprocess("/bin/sh", arguments: ["-c", line])
        case .argv(let argv): Subprocess("/usr/bin/env", arguments: argv)
        }
        process.environment = environment
        process.workingDirectory = directory.path
        process.standardInput = .null
        process.standardOutput = .capture()
        // The last lines go into the stage's error message when the command fails.
        var tail: [String] = []
        process.standardError = .lines { line in
            host.info(line)
            tail.append(line)
            if tail.count > 20 { tail.removeFirst() }
        }
        process.isCancelled = { host.isCancelled }
        let result: SubprocessResult
        do {
            result = try process.run()
        } catch {
            throw StageError.failed("cannot start the command in \(directory.path): \(error.message)")
        }
        let status: Int32 = switch result.status {
        case .exited(let code): code
        // Reported as before (Foundation's terminationStatus): the signal's number.
        case .signalled(let signal): signal
        }
        if result.termination == .cancelled { throw StageError.cancelled("the command was stopped because the run was cancelled") }
        return Result(status: status, stdout: result.standardOutput, stderrTail: tail.joined(separator: "\n"))
    }
}
