import Foundation
@testable import SluiceEngine
@testable import SluicePipeline
@testable import SluiceStore
@testable import SluiceSupport
import SluiceTestSupport
import Testing

/// Nothing that did not change is recomputed; everything that did is.
@Suite struct PipelineCacheTests {
    private func chain(_ project: ExecutorProject, second: String = "b", cacheFirst: Bool = true, deps: [String] = []) throws -> Pipeline {
        project.pipeline([
            try project.stage("a", "sluice.testkit/echo", with: echo("a"), cache: cacheFirst, deps: deps),
            try project.stage("b", "sluice.testkit/echo", needs: ["a"], inputs: ["in": PortReference(stage: "a", port: "out")], with: echo(second)),
            try project.stage("c", "sluice.testkit/echo", needs: ["b"], inputs: ["in": PortReference(stage: "b", port: "out")], with: echo("c")),
        ])
    }

    private func statuses(_ outcome: RunOutcome) -> [StageRunStatus] { outcome.stages.map(\.result.status) }

    /// How many times stage `stage` actually ran (its echo logs its message each time).
    private func calls(_ project: ExecutorProject, _ outcome: RunOutcome, _ stage: String) throws -> Int {
        try project.store.detail(outcome.runID).events.filter { $0.stage == stage && $0.level == "info" }.count
    }

    @Test func aSecondRunWithNothingChangedReusesEveryStage() throws {
        let project = try ExecutorProject()
        let pipeline = try chain(project)
        let first = try project.executor(pipeline).run()
        let second = try project.executor(pipeline).run()

        #expect(statuses(first) == [.succeeded, .succeeded, .succeeded])
        #expect(statuses(second) == [.cached, .cached, .cached])
        #expect(second.status == .succeeded)
        #expect(try calls(project, second, "a") == 0)
        let before = try project.store.detail(first.runID), after = try project.store.detail(second.runID)
        #expect(after.artifacts.map(\.digest) == before.artifacts.map(\.digest))
        #expect(after.lineage == before.lineage)
        #expect(after.stages.map(\.fingerprint) == before.stages.map(\.fingerprint))
    }

    @Test func changingAConfigValueRerunsThatStageAndWhatDependsOnIt() throws {
        let project = try ExecutorProject()
        _ = try project.executor(try chain(project)).run()
        let changed = try project.executor(try chain(project, second: "B")).run()
        #expect(statuses(changed) == [.cached, .succeeded, .succeeded])
    }

    @Test func aStageWhoseRerunGivesTheSameOutputLetsItsDependantsStayCached() throws {
        let project = try ExecutorProject()
        let pipeline = try chain(project)
        _ = try project.executor(pipeline).run()
        let forced = try project.executor(pipeline, forceStages: ["a"]).run()
        #expect(statuses(forced) == [.succeeded, .cached, .cached])
    }

    @Test func aStageReusesWhatAnIdenticalStageOfTheSameRunJustProduced() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([
            try project.stage("a", "sluice.testkit/echo", with: echo("a")),
            try project.stage("b", "sluice.testkit/echo", needs: ["a"], inputs: ["in": PortReference(stage: "a", port: "out")], with: echo("same")),
            try project.stage("c", "sluice.testkit/echo", needs: ["a"], inputs: ["in": PortReference(stage: "a", port: "out")], with: echo("same")),
        ])
        // One job at a time: `b` finishes (and is recorded) before `c` is looked at.
        let first = try project.executor(pipeline, jobs: 1).run()
        #expect(statuses(first) == [.succeeded, .succeeded, .cached])
        let second = try project.executor(pipeline, jobs: 1).run()
        #expect(statuses(second) == [.cached, .cached, .cached])
        #expect(try project.store.detail(second.runID).artifacts.map(\.digest) == (try project.store.detail(first.runID).artifacts.map(\.digest)))
    }

    @Test func forceRerunsEverything() throws {
        let project = try ExecutorProject()
        let pipeline = try chain(project)
        _ = try project.executor(pipeline).run()
        #expect(statuses(try project.executor(pipeline, force: true).run()) == [.succeeded, .succeeded, .succeeded])
    }

    @Test func aStageThatOptsOutOfCachingAlwaysRuns() throws {
        let project = try ExecutorProject()
        let pipeline = try chain(project, cacheFirst: false)
        _ = try project.executor(pipeline).run()
        // `a` runs again; its output is the same, so `b` and `c` are reused.
        #expect(statuses(try project.executor(pipeline).run()) == [.succeeded, .cached, .cached])
    }

    @Test func changingADeclaredFileRerunsTheStage() throws {
        let project = try ExecutorProject()
        try FileManager.default.createDirectory(atPath: project.folder.file("data/raw"), withIntermediateDirectories: true)
        try project.folder.write("data/raw/part1.csv", "x\n1\n")
        try project.folder.write("settings.txt", "a")
        let pipeline = try chain(project, deps: ["data/raw", "settings.txt"])
        let first = try project.executor(pipeline).run()
        #expect(try project.store.detail(first.runID).stages[0].deps.keys.sorted() == ["data/raw", "settings.txt"])

        // Touching a file without changing it keeps the cache.
        try project.folder.write("settings.txt", "a")
        #expect(statuses(try project.executor(pipeline).run()) == [.cached, .cached, .cached])

        // A new file in a declared folder changes it.
        try project.folder.write("data/raw/part2.csv", "x\n2\n")
        #expect(statuses(try project.executor(pipeline).run()) == [.succeeded, .cached, .cached])
    }

    @Test func aMissingDeclaredFileFailsTheStageClearly() throws {
        let project = try ExecutorProject()
        let outcome = try project.executor(try chain(project, deps: ["nothere.csv"])).run()
        #expect(outcome.status == .failed)
        #expect(statuses(outcome) == [.failed, .skipped, .skipped])
        let error = try #require(outcome.failures.first)
        #expect(error.code == .depsMissing)
        #expect(error.message == "declared in `deps` but it does not exist. Create it, or remove it from `deps`")
    }

    @Test func unchangedFilesAreNotHashedAgain() throws {
        let project = try ExecutorProject()
        try project.folder.write("big.bin", String(repeating: "x", count: 1 << 20))
        let hasher = try FileHasher(store: project.store)
        let digest = try hasher.digest(of: project.folder.file("big.bin"))
        try hasher.save()
        // Tamper with the remembered digest: a fresh hasher trusts the stamp and returns it.
        let stamp = try #require(try project.store.fileDigests()[project.folder.file("big.bin")]?.0)
        try project.store.saveFileDigests([(project.folder.file("big.bin"), stamp, "sha256:remembered")])
        #expect(try FileHasher(store: project.store).digest(of: project.folder.file("big.bin")) == "sha256:remembered")
        #expect(digest == (try FileHasher.hashFile(project.folder.file("big.bin"))))
    }

    @Test func outputsRemovedFromTheStoreAreRecomputed() throws {
        let project = try ExecutorProject()
        let pipeline = try chain(project)
        let first = try project.executor(pipeline).run()
        let digest = try #require(try project.store.detail(first.runID).artifacts.first { $0.stage == "c" }?.digest)
        try FileManager.default.removeItem(atPath: try #require(try project.objects.localFile(for: digest)))
        #expect(statuses(try project.executor(pipeline).run()) == [.cached, .cached, .succeeded])
    }

    @Test func lineageLeadsBackToTheFirstStage() throws {
        let project = try ExecutorProject()
        let outcome = try project.executor(try chain(project)).run()
        let node = try LineageNode.of(runID: outcome.runID, stage: "c", store: project.store)
        #expect(node.stage.uses == "sluice.testkit/echo")
        #expect(node.inputs.map(\.sourceStage) == ["b"])
        #expect(node.inputs.first?.producer?.inputs.first?.producer?.stage.stage == "a")
        let output = try #require(node.outputs.first)
        let (artifact, fromDigest) = try LineageNode.of(digest: output.digest, store: project.store)
        #expect(artifact.name == "out")
        #expect(fromDigest.stage.stage == "c")
    }

    @Test func garbageCollectionKeepsWhatRunsReferAndDeletesTheRest() throws {
        let project = try ExecutorProject()
        _ = try project.executor(try chain(project, second: "one")).run()
        let latest = try project.executor(try chain(project, second: "two")).run()
        let collector = GarbageCollector(store: project.store, objects: project.objects)

        let dry = try collector.collect(keepLast: 1, dryRun: true)
        #expect(dry.deletedRuns.count == 1)
        #expect(dry.deletedObjects == 2)  // b and c of the first run
        #expect(try project.store.runs().count == 2)

        let report = try collector.collect(keepLast: 1, dryRun: false)
        #expect(report == dry)
        #expect(try project.store.runs().map(\.id) == [latest.runID])
        for artifact in try project.store.detail(latest.runID).artifacts {
            #expect(project.objects.contains(artifact.digest))
        }
        #expect(try collector.collect(keepLast: nil, dryRun: false).deletedObjects == 0)
    }

    @Test func aReusedStageShowsTheMetricsOfTheRunThatRanIt() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([try project.stage("train", "sluice.testkit/echo", with: echo("t", metrics: ["accuracy": 0.91]))])
        let first = try project.executor(pipeline).run()
        let second = try project.executor(pipeline).run()
        let third = try project.executor(pipeline).run()
        #expect(statuses(second) == [.cached] && statuses(third) == [.cached])
        // The third run reused the second's cached execution: its metrics are still the first run's.
        for run in [second, third] {
            let detail = try project.store.detail(run.runID)
            #expect(detail.stages[0].reusedFrom?.runID == first.runID)
            #expect(detail.metrics.map { "\($0.stage).\($0.name)=\($0.value) from \($0.reusedFrom ?? "-")" } == ["train.accuracy=0.91 from \(first.runID)"])
            #expect(try project.store.outline(run.runID).latestMetrics.map(\.value) == [0.91])
        }
        let detail = try project.store.detail(first.runID)
        #expect(detail.stages[0].reusedFrom == nil && detail.metrics.map(\.reusedFrom) == [nil])
        #expect(detail.stages[0].pluginDigest == (try FileHasher.hashFile(TestEnvironment.productsDirectory + "/libSluiceTestPlugin.so")))
    }

    @Test func twoRunsOfTheSameProjectAtOnceBothSucceed() throws {
        let project = try ExecutorProject()
        let pipeline = project.pipeline([
            try project.stage("a", "sluice.testkit/sleep", with: .object(["seconds": .number(0.2)])),
            try project.stage("b", "sluice.testkit/echo", with: echo("b", metrics: ["m": 1])),
        ])
        let otherStore = try SQLiteRunStore(path: project.folder.file(".sluice/sluice.db"))
        let otherObjects = try LocalObjectStore(directory: project.folder.file(".sluice/objects"))
        let group = DispatchGroup()
        let results = ResultBox()
        let directory = project.folder.path
        for (store, objects) in [(project.store, project.objects), (otherStore, otherObjects)] {
            group.enter()
            DispatchQueue.global().async {
                let executor = PipelineExecutor(pipeline: pipeline, store: store, objects: objects, options: ExecutionOptions(projectDirectory: directory, force: true))
                results.add((try? executor.run())?.status)
                group.leave()
            }
        }
        group.wait()
        #expect(results.values == [.succeeded, .succeeded])
        #expect(try project.store.runs().count == 2)
    }

    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [RunStatus?] = []
        func add(_ value: RunStatus?) {
            lock.lock()
            values.append(value)
            lock.unlock()
        }
    }
}
