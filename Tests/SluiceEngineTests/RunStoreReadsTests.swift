import Foundation
@testable import SluicePipeline
@testable import SluiceStore
import SluiceTestSupport
import Testing

/// The shortcuts the executor and the end-of-run summary take through the run store
/// answer exactly what the long way would.
@Suite struct RunStoreReadsTests {
    private func metric(_ stage: String, _ name: String, _ value: Double, step: Int64? = nil) -> MetricRecord {
        MetricRecord(stage: stage, name: name, value: value, step: step, time: Date(timeIntervalSince1970: 1_800_000_000 + value))
    }

    @Test func theOutlineHoldsTheLastValueOfEachMetricInFirstSeenOrder() throws {
        let project = try ExecutorProject()
        let outcome = try project.executor(project.pipeline([
            try project.stage("a", "sluice.testkit/echo", with: echo("a", metrics: ["m": 1])),
        ])).run()
        try project.store.append(outcome.runID, metrics: [
            metric("train", "loss", 0.9, step: 0), metric("train", "acc", 0.5, step: 0), metric("train", "loss", 0.4, step: 1),
            metric("test", "loss", 0.6), metric("train", "acc", 0.7, step: 1),
        ], events: [], params: [])

        let outline = try project.store.outline(outcome.runID)
        let detail = try project.store.detail(outcome.runID)
        #expect(outline.latestMetrics.map { "\($0.stage).\($0.name)=\($0.value)" } == detail.latestMetrics.map { "\($0.stage).\($0.name)=\($0.value)" })
        #expect(outline.latestMetrics.map { "\($0.stage).\($0.name)=\($0.value)" } == ["a.m=1.0", "train.loss=0.4", "train.acc=0.7", "test.loss=0.6"])
        #expect(outline.summary == detail.summary)
        #expect(outline.stages == detail.stages)
    }

    @Test func appendedMetricsEventsAndParamsReadBackAsWritten() throws {
        let project = try ExecutorProject()
        let outcome = try project.executor(project.pipeline([try project.stage("a", "sluice.testkit/echo", with: echo("a"))])).run()
        let before = try project.store.detail(outcome.runID)
        let metrics = (0..<1000).map { metric("a", "loss", Double($0) / 8, step: $0 % 3 == 0 ? nil : Int64($0)) }
        let events = [EventRecord(stage: "a", time: Date(timeIntervalSince1970: 1_800_000_000.25), level: "warning", message: "héllo\nwörld")]
        try project.store.append(outcome.runID, metrics: metrics, events: events, params: [("a", "alpha", "0.5"), ("a", "alpha", "0.25")])

        let after = try project.store.detail(outcome.runID)
        #expect(Array(after.metrics.dropFirst(before.metrics.count)) == metrics)
        #expect(Array(after.events.dropFirst(before.events.count)) == events)
    }

    @Test func thePrefetchedExecutionsAreTheOnesEachFingerprintWouldFind() throws {
        let project = try ExecutorProject()
        func pipeline(_ b: String) throws -> Pipeline {
            project.pipeline([
                try project.stage("a", "sluice.testkit/echo", with: echo("a")),
                try project.stage("b", "sluice.testkit/echo", needs: ["a"], inputs: ["in": PortReference(stage: "a", port: "out")], with: echo(b)),
                try project.stage("c", "sluice.testkit/echo", with: echo("c")),
            ])
        }
        _ = try project.executor(try pipeline("one")).run()
        _ = try project.executor(try pipeline("two")).run()
        let latest = try project.executor(try pipeline("two"), forceStages: ["c"]).run()

        let prefetched = try project.store.cachedExecutionsOfPreviousRun(pipeline: "test", excluding: "none")
        let fingerprints = try project.store.detail(latest.runID).stages.compactMap(\.fingerprint)
        #expect(Set(prefetched.keys) == Set(fingerprints))
        for fingerprint in fingerprints {
            #expect(prefetched[fingerprint] == (try project.store.cachedExecution(fingerprint: fingerprint)))
        }
        #expect(prefetched.values.allSatisfy { !$0.outputs.isEmpty })
        #expect(try project.store.cachedExecutionsOfPreviousRun(pipeline: "test", excluding: latest.runID).count == 3)
        #expect(try project.store.cachedExecutionsOfPreviousRun(pipeline: "another", excluding: "none").isEmpty)
    }
}
