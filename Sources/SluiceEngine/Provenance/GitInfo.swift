import Foundation
import Synchronization

/// The project's git commit and whether the work tree has uncommitted changes, so a
/// run records exactly what code it ran from.
package struct GitInfo: Sendable, Equatable {
    package let commit: String
    package let dirty: Bool

    package init(commit: String, dirty: Bool) {
        self.commit = commit
        self.dirty = dirty
    }

    /// How long git may take before the run goes on without it: a hung git (a stale
    /// NFS mount, a lock) must never hold up a run.
    package static let timeout: Duration = .seconds(5)

    /// nil when the folder is not in a git work tree, git is not installed, or git did
    /// not answer within `timeout`.
    package static func read(_ directory: String, timeout: Duration = Self.timeout) -> GitInfo? {
        if let started = prefetched.withLock({ $0.removeValue(forKey: directory) }) { return started.answer() }
        return ask(directory, timeout: timeout)
    }

    /// Starts `read(directory)` on another thread; the next `read` of that folder takes
    /// its answer. A command calls it first thing, so git runs while the pipeline loads
    /// (git is a process start, ~10 ms, a tenth of a no-op rerun).
    package static func prefetch(_ directory: String) {
        let started = Prefetch()
        prefetched.withLock { $0[directory] = started }
        Thread.detachNewThread { started.finish(ask(directory, timeout: timeout)) }
    }

    private static let prefetched = Mutex<[String: Prefetch]>([:])

    /// One answer, produced once on another thread.
    private final class Prefetch: @unchecked Sendable {
        // @unchecked: `result` is written once before `done` is signalled, read after.
        private var result: GitInfo?
        private let done = DispatchSemaphore(value: 0)

        package func finish(_ info: GitInfo?) {
            result = info
            done.signal()
        }

        package func answer() -> GitInfo? {
            done.wait()
            done.signal()
            return result
        }
    }

    private static func ask(_ directory: String, timeout: Duration) -> GitInfo? {
        // Most benchmarked and scratch projects are not repositories: asking git costs
        // a process start, so look for a `.git` first, as git itself would.
        guard ProcessInfo.processInfo.environment["GIT_DIR"] != nil || hasGitEntry(aboveOrAt: directory) else { return nil }
        // One git call answers both questions: the header names HEAD's commit, and any
        // other line is a tracked change. Untracked files do not make a tree dirty (as
        // before), and ahead/behind counts, which can be slow, are not wanted.
        guard let output = GitCommand.run(["-C", directory, "status", "--porcelain=v2", "--branch", "--no-ahead-behind", "--untracked-files=no"],
                                          timeout: timeout) else { return nil }
        return parse(statusV2: output)
    }

    /// Reads `git status --porcelain=v2 --branch` output; nil before the first commit.
    package static func parse(statusV2 output: String) -> GitInfo? {
        var commit: String?
        var dirty = false
        for line in output.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# ") {
                if line.hasPrefix("# branch.oid ") { commit = String(line.dropFirst("# branch.oid ".count)) }
            } else {
                dirty = true
            }
        }
        guard let commit, commit.count >= 40, commit.allSatisfy(\.isHexDigit) else { return nil }
        return GitInfo(commit: commit, dirty: dirty)
    }

    private static func hasGitEntry(aboveOrAt directory: String) -> Bool {
        var folder = URL(fileURLWithPath: directory).standardizedFileURL.path
        while true {
            if access(folder + "/.git", F_OK) == 0 { return true }
            guard folder != "/", !folder.isEmpty else { return false }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }
}
