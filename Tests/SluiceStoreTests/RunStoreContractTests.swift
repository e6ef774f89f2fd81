import Foundation
import SluiceStore
import SluiceSupport
import SluiceTestSupport
import Testing

/// One run store backend under test: makes an empty store, and removes it afterwards.
/// A second backend (PostgreSQL) adds itself to `all` and runs every contract test.
struct RunStoreBackend: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () throws -> (store: any RunStore, remove: @Sendable () -> Void)

    var testDescription: String { name }

    static let all = [
        RunStoreBackend(name: "SQLite") {
            let folder = try TemporaryFolder()
            let path = folder.path
            return (try SQLiteRunStore(path: folder.file(".sluice/sluice.db")), { try? FileManager.default.removeItem(atPath: path) })
        },
    ]

    func withStore(_ body: (any RunStore) throws -> Void) throws {
        let (store, remove) = try make()
        defer { remove() }
        try body(store)
    }
}

/// What every `RunStore` promises, through the protocol only.
@Suite struct RunStoreContractTests {
    static func run(_ id: String, pipeline: String = "p", started: Double, status: RunStatus = .running) -> RunSummary {
        RunSummary(id: id, pipeline: pipeline, pipelineFile: "sluice.yaml", pipelineDigest: "sha256:0", status: status,
                   startedAt: Date(timeIntervalSince1970: started), hostVersion: "test", gitCommit: "abc", gitDirty: false, overrides: ["a=1"])
    }

    static func stage(_ name: String) -> StageRecord {
        StageRecord(stage: name, uses: "sluice.testkit/echo", pluginVersion: "1.0", pluginBuild: "b", status: .waiting, attempts: 0, config: "{}")
    }

    static func artifact(_ stage: String, _ name: String, _ digest: String, role: ArtifactRecord.Role = .output) -> ArtifactRecord {
        ArtifactRecord(stage: stage, name: name, role: role, digest: digest, mediaType: "text/plain", size: 3)
    }

    static func time(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + seconds) }

    @Test(arguments: RunStoreBackend.all) func aRunItsStagesAndABatchReadBackAsWritten(_ backend: RunStoreBackend) throws {
        try backend.withStore { store in
            try store.createRun(Self.run("r1", started: 1_800_000_000), stages: [Self.stage("load"), Self.stage("train")], params: ["alpha": "0.5"])
            let batch = RunStoreBatch()
            batch.updateStage("r1", "load", status: .running, attempts: 1, startedAt: Self.time(1))
            batch.updateStage("r1", "load", status: .succeeded, endedAt: Self.time(2), fingerprint: "sha256:f1", deps: ["data.csv": "sha256:d"])
            batch.recordStageData("r1", artifacts: [Self.artifact("load", "out", "sha256:a1")],
                                  lineage: [LineageRecord(stage: "train", inputPort: "in", sourceStage: "load", sourcePort: "out", digest: "sha256:a1")])
            batch.append("r1", metrics: [MetricRecord(stage: "train", name: "loss", value: 0.5, step: 0, time: Self.time(3)),
                                         MetricRecord(stage: "train", name: "loss", value: 0.25, step: 1, time: Self.time(4))],
                         events: [EventRecord(stage: "train", time: Self.time(3), level: "info", message: "héllo")],
                         params: [(stage: "train", name: "seed", value: "7")])
            batch.updateStage("r1", "train", status: .awaitingApproval)
            try store.apply(batch)
            #expect(batch.isEmpty)
            try store.recordApproval("r1", ApprovalRecord(stage: "train", decision: .approved, by: "ana", note: "ok", time: Self.time(5)))

            let detail = try store.detail("r1")
            #expect(detail.summary == Self.run("r1", started: 1_800_000_000))
            #expect(detail.params == ["alpha": "0.5"])
            #expect(detail.stages.map(\.stage) == ["load", "train"])
            // Fields an update leaves out are kept (attempts, start) or cleared (end, error) as documented.
            let load = detail.stages[0]
            #expect(load.status == .succeeded && load.attempts == 1 && load.startedAt == Self.time(1) && load.endedAt == Self.time(2))
            #expect(load.fingerprint == "sha256:f1" && load.deps == ["data.csv": "sha256:d"])
            #expect(detail.stages[1].status == .awaitingApproval)
            #expect(detail.artifacts == [Self.artifact("load", "out", "sha256:a1")])
            #expect(detail.lineage.map(\.sourceStage) == ["load"])
            #expect(detail.metrics.map(\.value) == [0.5, 0.25])
            #expect(detail.events.map(\.message) == ["héllo"])
            #expect(detail.approvals.map(\.by) == ["ana"])
            #expect(try store.outline("r1").latestMetrics.map { "\($0.stage).\($0.name)=\($0.value)" } == ["train.loss=0.25"])
            #expect(try store.pendingApprovals().map { "\($0.run.id)/\($0.stage)" } == ["r1/train"])
            #expect(try store.producers(of: "sha256:a1").map(\.run.id) == ["r1"])
            #expect(try store.referencedDigests() == ["sha256:a1"])

            try store.setRunStatus("r1", .succeeded, endedAt: Self.time(9))
            #expect(try store.runs().map { "\($0.id) \($0.status)" } == ["r1 succeeded"])
            #expect(try store.runs(pipeline: "other").isEmpty)
        }
    }

    @Test(arguments: RunStoreBackend.all) func theCacheFindsTheNewestSucceededExecutionOfAFingerprint(_ backend: RunStoreBackend) throws {
        try backend.withStore { store in
            for (index, status) in [StageRunStatus.succeeded, .cached, .failed].enumerated() {
                let id = "r\(index)"
                try store.createRun(Self.run(id, started: Double(index)), stages: [Self.stage("a")], params: [:])
                try store.recordStageData(id, artifacts: [Self.artifact("a", "out", "sha256:o\(index)")], lineage: [])
                try store.updateStage(id, "a", status: status, endedAt: Self.time(Double(index)), fingerprint: "sha256:f")
            }
            // The failed execution is newer but does not count.
            let found = try #require(try store.cachedExecution(fingerprint: "sha256:f"))
            #expect(found.runID == "r1" && found.stage == "a" && found.outputs == [Self.artifact("a", "out", "sha256:o1")])
            #expect(try store.cachedExecution(fingerprint: "sha256:other") == nil)
            #expect(try store.cachedExecutionsOfPreviousRun(pipeline: "p", excluding: "none") == ["sha256:f": found])
        }
    }

    @Test(arguments: RunStoreBackend.all) func aCachedStageShowsTheMetricsAndStageParamsOfTheRunThatProducedIt(_ backend: RunStoreBackend) throws {
        try backend.withStore { store in
            // r0 ran "train"; r1 reused it; r2 reused r1's cached execution, under another stage name.
            try store.createRun(Self.run("r0", started: 0), stages: [Self.stage("train")], params: [:])
            try store.append("r0", metrics: [MetricRecord(stage: "train", name: "loss", value: 0.5, step: 0, time: Self.time(1)),
                                             MetricRecord(stage: "train", name: "loss", value: 0.25, step: 1, time: Self.time(2))],
                             events: [], params: [(stage: "train", name: "seed", value: "7")])
            try store.recordStageData("r0", artifacts: [Self.artifact("train", "out", "sha256:o")], lineage: [])
            try store.updateStage("r0", "train", status: .succeeded, endedAt: Self.time(3), fingerprint: "sha256:f", pluginDigest: "sha256:lib")
            let first = try #require(try store.cachedExecution(fingerprint: "sha256:f"))
            #expect(first.producer == StageExecution(runID: "r0", stage: "train"))

            try store.createRun(Self.run("r1", started: 10), stages: [Self.stage("train")], params: [:])
            try store.append("r1", metrics: [MetricRecord(stage: "train", name: "own", value: 1, time: Self.time(11))], events: [], params: [])
            try store.updateStage("r1", "train", status: .cached, endedAt: Self.time(12), fingerprint: "sha256:f", reusedFrom: first.producer)
            // The newest execution is r1's cached one; what it reused was produced by r0.
            let second = try #require(try store.cachedExecution(fingerprint: "sha256:f"))
            #expect(second.runID == "r1" && second.producer == StageExecution(runID: "r0", stage: "train"))
            #expect(try store.cachedExecutionsOfPreviousRun(pipeline: "p", excluding: "none")["sha256:f"]?.producer == second.producer)

            try store.createRun(Self.run("r2", started: 20), stages: [Self.stage("fit")], params: [:])
            try store.updateStage("r2", "fit", status: .cached, endedAt: Self.time(21), fingerprint: "sha256:f", reusedFrom: second.producer)

            let r0 = try store.detail("r0")
            #expect(r0.stages[0].pluginDigest == "sha256:lib" && r0.stages[0].reusedFrom == nil)
            #expect(r0.metrics.allSatisfy { $0.reusedFrom == nil })
            let r1 = try store.detail("r1")
            #expect(r1.stages[0].reusedFrom == StageExecution(runID: "r0", stage: "train"))
            #expect(r1.metrics.map { "\($0.stage).\($0.name)=\($0.value) \($0.reusedFrom ?? "-")" } == ["train.own=1.0 -", "train.loss=0.5 r0", "train.loss=0.25 r0"])
            #expect(r1.stageParams == [StageParamRecord(stage: "train", name: "seed", value: "7", reusedFrom: "r0")])
            let r2 = try store.detail("r2")
            #expect(r2.metrics.map { "\($0.stage).\($0.name)=\($0.value) \($0.reusedFrom ?? "-")" } == ["fit.loss=0.5 r0", "fit.loss=0.25 r0"])
            #expect(r2.stageParams == [StageParamRecord(stage: "fit", name: "seed", value: "7", reusedFrom: "r0")])
            #expect(try store.outline("r2").latestMetrics.map { "\($0.stage).\($0.name)=\($0.value)" } == ["fit.loss=0.25"])
            #expect(try store.outline("r1").latestMetrics.map { "\($0.stage).\($0.name)=\($0.value)" } == ["train.own=1.0", "train.loss=0.25"])

            // Read, not copied: once the producing run is deleted, nothing is shown for it.
            try store.deleteRuns(["r0"])
            #expect(try store.detail("r2").metrics.isEmpty && store.detail("r2").stageParams.isEmpty)
        }
    }

    @Test(arguments: RunStoreBackend.all) func runsAreFoundByIdUniquePrefixOrLast(_ backend: RunStoreBackend) throws {
        try backend.withStore { store in
            let none = #expect(throws: SluiceError.self) { try store.resolveRunID("last") }
            #expect(none?.code == .runsUnknown && none?.message == "no run with this id. List runs with `sluice runs list`")
            try store.createRun(Self.run("20260101-aaaa", started: 1), stages: [], params: [:])
            try store.createRun(Self.run("20260101-aabb", started: 3), stages: [], params: [:])
            try store.createRun(Self.run("20260102-cccc", started: 2), stages: [], params: [:])
            #expect(try store.resolveRunID("last") == "20260101-aabb")
            #expect(try store.resolveRunID("20260102") == "20260102-cccc")
            #expect(try store.resolveRunID("20260101-aaaa") == "20260101-aaaa")
            let ambiguous = #expect(throws: SluiceError.self) { try store.resolveRunID("20260101-aa") }
            #expect(ambiguous?.code == .runsUnknown)
            #expect(ambiguous?.message == "matches several runs (20260101-aaaa, 20260101-aabb). Give more of the id")
        }
    }

    @Test(arguments: RunStoreBackend.all) func aRunWhoseProcessIsGoneIsMarkedInterrupted(_ backend: RunStoreBackend) throws {
        try backend.withStore { store in
            try store.createRun(Self.run("gone", started: 1), stages: [Self.stage("a")], params: [:], pid: Int32.max)
            try store.createRun(Self.run("alive", started: 2), stages: [], params: [:])
            try store.updateStage("gone", "a", status: .running, startedAt: Self.time(1))
            #expect(try store.markInterruptedRuns() == ["gone"])
            #expect(try store.detail("gone").summary.status == .interrupted)
            #expect(try store.detail("gone").stages[0].status == .cancelled)
            #expect(try store.markInterruptedRuns().isEmpty)
        }
    }

    @Test(arguments: RunStoreBackend.all) func registeringTheSameDigestAgainFindsItsVersion(_ backend: RunStoreBackend) throws {
        try backend.withStore { store in
            func version(_ name: String, _ number: Int, _ digest: String) -> ModelVersionRecord {
                ModelVersionRecord(name: name, version: number, digest: digest, mediaType: "m", pluginID: "p", pluginVersion: "1", runID: nil, stage: nil,
                                   registeredBy: "ana", registeredAt: Self.time(0), note: "", modelDescription: "{}")
            }
            let first = try store.findOrInsertVersion(name: "churn", digest: "sha256:1") { version("churn", $0, "sha256:1") }
            let second = try store.findOrInsertVersion(name: "churn", digest: "sha256:2") { version("churn", $0, "sha256:2") }
            let again = try store.findOrInsertVersion(name: "churn", digest: "sha256:1") { _ in
                Issue.record("a found version is not made again")
                return version("churn", 99, "sha256:1")
            }
            let other = try store.findOrInsertVersion(name: "fraud", digest: "sha256:1") { version("fraud", $0, "sha256:1") }
            #expect(first.created && first.version.version == 1)
            #expect(second.created && second.version.version == 2)
            #expect(!again.created && again.version == first.version)
            #expect(other.created && other.version.version == 1)
            #expect(try store.modelVersions(named: "churn").map(\.version) == [1, 2])
            #expect(try store.modelVersions(named: nil).map { "\($0.name):\($0.version)" } == ["churn:1", "churn:2", "fraud:1"])
            #expect(try store.modelNames() == ["churn", "fraud"])
            #expect(try store.containsModel("churn"))
            #expect(try !store.containsModel("nope"))
            #expect(try store.registeredDigests() == ["sha256:1", "sha256:2"])
        }
    }

    @Test(arguments: RunStoreBackend.all) func anAliasMoveDecidesFromTheCurrentAliasAndItsHistory(_ backend: RunStoreBackend) throws {
        try backend.withStore { store in
            func promote(_ to: Int) -> AliasMove { AliasMove(action: .promote, toVersion: to, percent: nil, by: "ana", note: "") }
            #expect(try store.aliasRevision(of: "churn") == 0)
            let one = try #require(try store.moveAlias(name: "churn", alias: "production") { current, history in
                #expect(current == nil && history.isEmpty)
                return promote(1)
            })
            let two = try #require(try store.moveAlias(name: "churn", alias: "production") { _, _ in promote(2) })
            #expect(one.fromVersion == nil && one.toVersion == 1 && two.fromVersion == 1 && two.toVersion == 2 && two.id > one.id)
            let revision = try store.aliasRevision(of: "churn")

            // The decision sees where the alias points and every earlier move of it.
            let unchanged = try store.moveAlias(name: "churn", alias: "production") { current, history in
                #expect(current?.version == 2)
                #expect(history.map(\.id) == [one.id, two.id])
                #expect(history.map(\.toVersion) == [1, 2])
                return nil
            }
            #expect(unchanged == nil)
            let refused = #expect(throws: SluiceError.self) {
                try store.moveAlias(name: "churn", alias: "production") { _, _ throws(SluiceError) in throw SluiceError(.runsUnknown, "no") }
            }
            #expect(refused?.message == "no")
            #expect(try store.aliasRevision(of: "churn") == revision)

            let removed = try #require(try store.moveAlias(name: "churn", alias: "production") { _, _ in
                AliasMove(action: .remove, toVersion: nil, percent: nil, by: "ana", note: "done")
            })
            #expect(removed.fromVersion == 2 && removed.toVersion == nil)
            #expect(try store.modelAliases(named: "churn").isEmpty)
            #expect(try store.aliasEvents(name: "churn", alias: nil).map(\.action) == [.promote, .promote, .remove])
            #expect(try store.aliasRevision(of: "churn") > revision)
        }
    }

    @Test(arguments: RunStoreBackend.all) func deletingRunsRemovesEverythingRecordedAboutThem(_ backend: RunStoreBackend) throws {
        try backend.withStore { store in
            for id in ["old", "new"] {
                try store.createRun(Self.run(id, started: id == "old" ? 1 : 2), stages: [Self.stage("a")], params: ["k": "v"])
                try store.recordStageData(id, artifacts: [Self.artifact("a", "out", "sha256:\(id)")], lineage: [])
                try store.append(id, metrics: [MetricRecord(stage: "a", name: "m", value: 1, time: Self.time(1))],
                                 events: [EventRecord(stage: "a", time: Self.time(1), level: "info", message: "x")], params: [("a", "p", "1")])
                try store.updateStage(id, "a", status: .awaitingApproval, fingerprint: "sha256:f-\(id)")
                try store.recordApproval(id, ApprovalRecord(stage: "a", decision: .approved, by: "ana", note: "", time: Self.time(1)))
            }
            try store.deleteRuns(["old", "unknown"])
            #expect(try store.runs().map(\.id) == ["new"])
            let gone = #expect(throws: SluiceError.self) { try store.detail("old") }
            #expect(gone?.code == .runsUnknown)
            #expect(try store.producers(of: "sha256:old").isEmpty)
            #expect(try store.referencedDigests() == ["sha256:new"])
            #expect(try store.artifactIndex().map(\.artifact.digest) == ["sha256:new"])
            #expect(try store.pendingApprovals().map(\.run.id) == ["new"])
            #expect(try store.detail("new").metrics.count == 1)
        }
    }
}
