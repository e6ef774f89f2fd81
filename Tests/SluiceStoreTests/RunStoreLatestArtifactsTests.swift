import Foundation
@testable import SluiceStore
import SluiceTestSupport
import Testing

/// `latestArtifacts(named:)` answers, per pipeline and stage, the artifact of that
/// name from the newest run, whatever the run's outcome, and stays quick with many runs.
@Suite struct RunStoreLatestArtifactsTests {
    struct Store {
        let folder: TemporaryFolder
        let store: any RunStore

        init() throws {
            folder = try TemporaryFolder()
            store = try SQLiteRunStore(path: folder.file(".sluice/sluice.db"))
        }

        /// Records a run of `pipeline` started at `started` (seconds) whose stages stored `artifacts`.
        func run(_ id: String, _ pipeline: String, started: Double, ended: Double?, status: RunStatus = .succeeded,
                 _ artifacts: [ArtifactRecord]) throws {
            try store.createRun(RunSummary(id: id, pipeline: pipeline, pipelineFile: "sluice.yaml", pipelineDigest: "sha256:0",
                                           status: .running, startedAt: Date(timeIntervalSince1970: started), endedAt: nil,
                                           hostVersion: "test", gitCommit: nil, gitDirty: nil, error: nil),
                                stages: [], params: [:])
            try store.recordStageData(id, artifacts: artifacts, lineage: [])
            if let ended { try store.setRunStatus(id, status, endedAt: Date(timeIntervalSince1970: ended)) }
        }
    }

    static func report(_ stage: String, _ digest: String, name: String = "drift_report.json", role: ArtifactRecord.Role = .artifact) -> ArtifactRecord {
        ArtifactRecord(stage: stage, name: name, role: role, digest: digest, mediaType: "application/json", size: 10)
    }

    @Test func theNewestRunsArtifactPerPipelineAndStageIncludingFailedGates() throws {
        let project = try Store()
        defer { project.folder.remove() }
        try project.run("r1", "shop", started: 100, ended: 110, [Self.report("drift", "sha256:a1"), Self.report("drift2", "sha256:b1")])
        // Newer, and its drift gate failed: its report is the one to show.
        try project.run("r2", "shop", started: 200, ended: 210, status: .gateFailed, [Self.report("drift", "sha256:a2")])
        // Still running: its time is its start.
        try project.run("r3", "bank", started: 150, ended: nil, [Self.report("drift", "sha256:c1")])
        // Other names and roles do not count, even when newer.
        try project.run("r4", "shop", started: 300, ended: 310, [
            Self.report("drift", "sha256:x", name: "other.json"),
            Self.report("drift", "sha256:y", role: .output),
        ])

        let latest = try project.store.latestArtifacts(named: "drift_report.json")
        #expect(latest.map { "\($0.pipeline)/\($0.stage) \($0.runID) \($0.artifact.digest) \($0.time.timeIntervalSince1970)" } == [
            "bank/drift r3 sha256:c1 150.0",
            "shop/drift r2 sha256:a2 210.0",
            "shop/drift2 r1 sha256:b1 110.0",
        ])
        #expect(latest.first?.artifact == Self.report("drift", "sha256:c1"))
        #expect(try project.store.latestArtifacts(named: "nothing.json").isEmpty)
    }

    @Test func staysQuickWithThousandsOfRuns() throws {
        let project = try Store()
        defer { project.folder.remove() }
        for index in 0..<3000 {
            try project.run(String(format: "run%05d", index), "p\(index % 3)", started: Double(index), ended: Double(index) + 1, [
                Self.report("drift", "sha256:\(index)"),
                Self.report("train", "sha256:m\(index)", name: "model.json"),
                Self.report("train", "sha256:o\(index)", name: "model", role: .output),
            ])
        }
        let started = ContinuousClock.now
        let latest = try project.store.latestArtifacts(named: "drift_report.json")
        let elapsed = ContinuousClock.now - started
        #expect(latest.map(\.runID) == ["run02997", "run02998", "run02999"])
        // An indexed read of 3000 small rows; a generous bound for a busy machine.
        #expect(elapsed < .milliseconds(500), "took \(elapsed)")
    }
}
