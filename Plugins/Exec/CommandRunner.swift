import Foundation
import SluiceKit

/// Runs a child process, streaming its stderr into the stage's log, keeping its
/// stdout, and stopping it when the run is cancelled.
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
        let process = Process()
        switch command {
        case .shell(let line):
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", line]
        case .argv(let argv):
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = argv
        }
        process.currentDirectoryURL = directory
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw StageError.failed("cannot start the command in \(directory.path): \(error.localizedDescription)")
        }

        let collected = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            let data = stdout.fileHandleForReading.readDataToEndOfFile()
            collected.setStdout(Array(data))
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            var pending = Data()
            while true {
                let chunk = stderr.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    collected.addLine(line)
                    host.info(line)
                }
            }
            if !pending.isEmpty {
                let line = String(decoding: pending, as: UTF8.self)
                collected.addLine(line)
                host.info(line)
            }
            group.leave()
        }

        // Poll for cancellation while the command runs: SIGTERM first, SIGKILL if it lingers.
        var terminatedAt: Date?
        while process.isRunning {
            if host.isCancelled {
                if terminatedAt == nil {
                    process.terminate()
                    terminatedAt = Date()
                } else if Date().timeIntervalSince(terminatedAt!) > 2 {
                    kill(process.processIdentifier, SIGKILL)
                }
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.waitUntilExit()
        group.wait()
        if terminatedAt != nil { throw StageError.cancelled("the command was stopped because the run was cancelled") }
        return Result(status: process.terminationStatus, stdout: collected.stdout, stderrTail: collected.tail)
    }

    /// Output gathered on two reader threads. @unchecked Sendable: guarded by the lock.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        private(set) var stdout: [UInt8] = []

        func setStdout(_ bytes: [UInt8]) {
            lock.lock()
            stdout = bytes
            lock.unlock()
        }

        func addLine(_ line: String) {
            lock.lock()
            lines.append(line)
            if lines.count > 20 { lines.removeFirst(lines.count - 20) }
            lock.unlock()
        }

        var tail: String {
            lock.lock()
            defer { lock.unlock() }
            return lines.joined(separator: "\n")
        }
    }
}
