import Foundation
import SluiceSupport

/// Writes queued to be done together in one transaction (see `RunStore.apply`): the
/// executor queues the bookkeeping of a scheduling pass (stage starts, completions,
/// cache hits, skips) and what plugins reported, which would otherwise cost one
/// commit each. Plain data, so that every backend applies the same batch its own way.
/// Not thread-safe: one executor thread fills and applies it.
package final class RunStoreBatch {
    /// One queued write.
    package enum Operation: Sendable {
        case updateStage(StageUpdate)
        /// Artifacts and lineage edges of a run's stages, each replacing a record with
        /// the same key (artifact: stage, role, name; edge: stage, input port).
        case recordStageData(runID: String, artifacts: [ArtifactRecord], lineage: [LineageRecord])
        /// Metrics and events added after those already recorded (their order is kept);
        /// stage params replacing a param with the same stage and name.
        case append(runID: String, metrics: [MetricRecord], events: [EventRecord], params: [(stage: String, name: String, value: String)])
    }

    /// A change to one recorded stage. `status` is always set; `endedAt`, `error` and
    /// `errorCode` are set as given (nil clears them); `attempts`, `startedAt`,
    /// `fingerprint`, `deps` and `pluginDigest` are kept when nil. `reusedFrom` is set
    /// with a `cached` status and cleared with any other.
    package struct StageUpdate: Sendable, Equatable {
        package var runID: String
        package var stage: String
        package var status: StageRunStatus
        package var attempts: Int?
        package var startedAt: Date?
        package var endedAt: Date?
        package var error: String?
        package var errorCode: String?
        package var fingerprint: String?
        /// The stage's declared file dependencies and their digests.
        package var deps: [String: String]?
        /// The SHA-256 of the stage's plugin library file.
        package var pluginDigest: String? = nil
        /// For a cache hit: the execution that produced the reused outputs. Stored as one
        /// reference, so that reading the run joins that execution's metrics instead of
        /// this write copying them (a no-op rerun writes one row per stage).
        package var reusedFrom: StageExecution? = nil
    }

    package private(set) var operations: [Operation] = []

    package init() {}

    package var isEmpty: Bool { operations.isEmpty }

    /// Forgets the queued operations (a store calls it once it applied them).
    package func removeAll() {
        operations.removeAll(keepingCapacity: true)
    }

    package func updateStage(_ runID: String, _ stage: String, status: StageRunStatus, attempts: Int? = nil, startedAt: Date? = nil,
                             endedAt: Date? = nil, error: String? = nil, errorCode: String? = nil, fingerprint: String? = nil,
                             deps: [String: String]? = nil, pluginDigest: String? = nil, reusedFrom: StageExecution? = nil) {
        operations.append(.updateStage(StageUpdate(runID: runID, stage: stage, status: status, attempts: attempts, startedAt: startedAt,
                                                   endedAt: endedAt, error: error, errorCode: errorCode, fingerprint: fingerprint, deps: deps,
                                                   pluginDigest: pluginDigest, reusedFrom: reusedFrom)))
    }

    package func recordStageData(_ runID: String, artifacts: [ArtifactRecord], lineage: [LineageRecord]) {
        guard !artifacts.isEmpty || !lineage.isEmpty else { return }
        operations.append(.recordStageData(runID: runID, artifacts: artifacts, lineage: lineage))
    }

    /// Metrics, log lines and stage params that plugins reported.
    package func append(_ runID: String, metrics: [MetricRecord], events: [EventRecord], params: [(stage: String, name: String, value: String)]) {
        guard !metrics.isEmpty || !events.isEmpty || !params.isEmpty else { return }
        operations.append(.append(runID: runID, metrics: metrics, events: events, params: params))
    }
}
