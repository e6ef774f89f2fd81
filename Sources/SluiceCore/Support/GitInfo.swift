import Foundation

/// The project's git commit and whether the work tree has uncommitted changes, so a
/// run records exactly what code it ran from.
package struct GitInfo: Sendable, Equatable {
    package let commit: String
    package let dirty: Bool

    /// nil when the folder is not in a git work tree or git is not installed.
    package static func read(_ directory: String) -> GitInfo? {
        guard let commit = git(["rev-parse", "HEAD"], in: directory), !commit.isEmpty,
              let status = git(["status", "--porcelain", "--untracked-files=no"], in: directory) else { return nil }
        return GitInfo(commit: commit, dirty: !status.isEmpty)
    }

    private static func git(_ arguments: [String], in directory: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
