import Foundation
@testable import SluiceEngine
import SluiceTestSupport
import Testing

/// A run records the commit it ran from and whether tracked files had changed.
@Suite struct GitInfoTests {
    private let commit = "0123456789abcdef0123456789abcdef01234567"

    @Test func aCleanTreeGivesItsCommit() {
        let info = GitInfo.parse(statusV2: "# branch.oid \(commit)\n# branch.head main\n")
        #expect(info == GitInfo(commit: commit, dirty: false))
    }

    @Test func anyChangedTrackedFileMakesTheTreeDirty() {
        let info = GitInfo.parse(statusV2: "# branch.oid \(commit)\n# branch.head main\n1 .M N... 100644 100644 100644 a b sluice.yaml\n")
        #expect(info == GitInfo(commit: commit, dirty: true))
    }

    @Test func aRepositoryWithoutCommitsHasNoCommitToRecord() {
        #expect(GitInfo.parse(statusV2: "# branch.oid (initial)\n# branch.head main\n") == nil)
    }

    @Test func aFolderOutsideAnyRepositoryHasNoGitInfo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(GitInfo.read(folder.path) == nil)
    }

    @Test func aRealRepositoryIsReadAsGitItselfSeesIt() throws {
        guard let gitPath = ["/usr/bin/git", "/usr/local/bin/git", "/bin/git"].first(where: FileManager.default.isExecutableFile) else { return }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let environment = ProcessInfo.processInfo.environment.merging(
            ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@localhost", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@localhost"]) { $1 }
        func git(_ arguments: String...) throws -> String {
            try runProcess(gitPath, ["-C", folder.path] + arguments, environment: environment).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try git("init", "-q")
        try folder.write("sluice.yaml", "version: 1\n")
        _ = try git("add", "sluice.yaml")
        _ = try git("commit", "-q", "-m", "first")
        let head = try git("rev-parse", "HEAD")

        #expect(GitInfo.read(folder.path) == GitInfo(commit: head, dirty: false))
        try folder.write("notes.txt", "untracked files do not count")
        #expect(GitInfo.read(folder.path) == GitInfo(commit: head, dirty: false))
        try folder.write("sluice.yaml", "version: 1\nname: changed\n")
        #expect(GitInfo.read(folder.path) == GitInfo(commit: head, dirty: true))
        try FileManager.default.createDirectory(atPath: folder.file("sub/dir"), withIntermediateDirectories: true)
        #expect(GitInfo.read(folder.file("sub/dir")) == GitInfo(commit: head, dirty: true))
    }

    @Test func aGitThatDoesNotAnswerInTimeIsKilledAndIgnored() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("hung-git", "#!/bin/sh\nexec sleep 600\n")
        chmod(folder.file("hung-git"), 0o755)
        #expect(GitCommand.run(["status"], timeout: .milliseconds(100), executable: folder.file("hung-git")) == nil)
    }

    @Test func aGitThatFailsGivesNothing() throws {
        #expect(GitCommand.run(["status"], timeout: .seconds(5), executable: "/bin/false") == nil)
        #expect(GitCommand.run(["hello"], timeout: .seconds(5), executable: "/bin/echo") == "hello\n")
    }
}
