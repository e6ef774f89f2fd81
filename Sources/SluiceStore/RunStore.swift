import Foundation
import SluiceSupport

/// Where runs are recorded: runs, stages, params, metrics, artifacts, lineage, events,
/// approvals, the file-digest cache and (as a `RegistryStore`) the model registry. The
/// executor, the command line, monitoring and the server use it only through this
/// protocol, so another backend (PostgreSQL, for a team) plugs in without touching them.
/// `SQLiteRunStore` is the one-machine backend (`.sluice/sluice.db`).
///
/// Every operation is its own transaction unless it says otherwise: a reader sees all
/// of a write or none of it. Several processes may use one store at once; writes are
/// serialised by the backend, never lost. Failures are `SluiceError`s with the codes
/// `store.read`, `store.write` or `store.cannot-open`, except where an operation names
/// another (`runs.unknown`).
package protocol RunStore: RegistryStore, AnyObject, Sendable {
    /// Where the store is, for messages: a file path, or a database URL without credentials.
    var location: String { get }

    // MARK: Writing a run

    /// Records a new run with its stages (in pipeline order: `position`) and its params,
    /// in one transaction. `pid` is the process running it, which `markInterruptedRuns`
    /// checks.
    func createRun(_ run: RunSummary, stages: [StageRecord], params: [String: String], pid: Int32) throws(SluiceError)

    /// Sets a run's status, end and error. The run's process becomes this one while it
    /// is `running`, and none otherwise.
    func setRunStatus(_ id: String, _ status: RunStatus, endedAt: Date?, error: String?) throws(SluiceError)

    /// Writes every operation of `batch`, in order, in one transaction, then empties the
    /// batch; on failure nothing is written and the batch is left as it was. An empty
    /// batch costs nothing. This is the executor's hot path: a no-op rerun of 200 stages
    /// is a handful of these.
    func apply(_ batch: RunStoreBatch) throws(SluiceError)

    /// Records a person's decision on a stage behind `approval: manual`.
    func recordApproval(_ runID: String, _ approval: ApprovalRecord) throws(SluiceError)

    /// Marks runs left `running` by a process that no longer exists as interrupted (and
    /// their running stages as cancelled), and returns their ids. Cheap when no run is
    /// running: every `sluice run` asks.
    @discardableResult
    func markInterruptedRuns() throws(SluiceError) -> [String]

    // MARK: Caching

    /// Every remembered file digest, by absolute path, with the stamp it was hashed at.
    func fileDigests() throws(SluiceError) -> [String: (FileStamp, String)]

    /// Remembers file digests (path, stamp, digest), replacing what was known of each path.
    func saveFileDigests(_ entries: [(String, FileStamp, String)]) throws(SluiceError)

    /// The newest (by end) succeeded or cached execution of a stage with this
    /// fingerprint, with its outputs ordered by role and name and the execution that
    /// produced them (its own, or the `reusedFrom` a cached one recorded); nil when
    /// there is none.
    func cachedExecution(fingerprint: String) throws(SluiceError) -> CachedExecution?

    /// For every fingerprint the newest run of `pipeline` other than `runID` recorded,
    /// what `cachedExecution(fingerprint:)` returns for it (fingerprints without one are
    /// left out), read at once: a rerun asks about exactly these.
    func cachedExecutionsOfPreviousRun(pipeline: String, excluding runID: String) throws(SluiceError) -> [String: CachedExecution]

    // MARK: Artifacts and garbage collection

    /// Where an artifact appears: every (run, artifact record) with this digest, newest run first.
    func producers(of digest: String) throws(SluiceError) -> [(run: RunSummary, artifact: ArtifactRecord)]

    /// Every distinct artifact digest (of one run, or of all), with one of its records,
    /// how many runs refer to it and the newest of them; newest first.
    func artifactIndex(runID: String?) throws(SluiceError) -> [(artifact: ArtifactRecord, runs: Int, newestRun: String)]

    /// Every digest some recorded run refers to.
    func referencedDigests() throws(SluiceError) -> Set<String>

    /// Deletes runs and everything recorded about them, in one transaction. Unknown ids
    /// are ignored.
    func deleteRuns(_ ids: [String]) throws(SluiceError)

    // MARK: Reading

    /// Runs (of one pipeline, or all), newest first (by start, then id), at most `limit`.
    func runs(limit: Int, pipeline: String?) throws(SluiceError) -> [RunSummary]

    /// The id of the newest run (by start, then id); nil when there is none.
    func newestRunID() throws(SluiceError) -> String?

    /// The ids equal to `prefix` or starting with it, sorted, at most `limit`. SQLite
    /// compares with LIKE, so ASCII case does not count there.
    func runIDs(startingWith prefix: String, limit: Int) throws(SluiceError) -> [String]

    /// Everything recorded about a run, read in one transaction; `runs.unknown` when
    /// there is no such run. Stages in pipeline order; metrics, events and approvals in
    /// the order they were recorded; artifacts by stage, role, name; lineage by stage, port.
    /// A `cached` stage shows the metrics and stage params its `reusedFrom` execution
    /// recorded, under its own stage name, marked `reusedFrom` that run, after the run's
    /// own metrics; none when that run was deleted.
    func detail(_ id: String) throws(SluiceError) -> RunDetail

    /// The run, its stages and the last value of each metric (a cached stage's from the
    /// run it reused, as in `detail`), without the metric history; `runs.unknown` when
    /// there is no such run.
    func outline(_ id: String) throws(SluiceError) -> RunOutline

    /// Stages waiting for a person, across all runs, oldest run first, in pipeline order.
    func pendingApprovals() throws(SluiceError) -> [(run: RunSummary, stage: String)]

    /// The newest artifact named `name` (with `role`) per (pipeline, stage), newest by
    /// the run's start; ordered by pipeline, then stage. A failed stage's artifacts
    /// count: the executor records what a failed gate stored. Cheap with many runs.
    func latestArtifacts(named name: String, role: ArtifactRecord.Role) throws(SluiceError) -> [LatestArtifact]
}

// MARK: - What every backend shares

extension RunStore {
    package func createRun(_ run: RunSummary, stages: [StageRecord], params: [String: String]) throws(SluiceError) {
        try createRun(run, stages: stages, params: params, pid: ProcessInfo.processInfo.processIdentifier)
    }

    package func setRunStatus(_ id: String, _ status: RunStatus, endedAt: Date?) throws(SluiceError) {
        try setRunStatus(id, status, endedAt: endedAt, error: nil)
    }

    /// Updates a stage's status; `deps` maps its declared file dependencies to their digests.
    package func updateStage(_ runID: String, _ stage: String, status: StageRunStatus, attempts: Int? = nil, startedAt: Date? = nil,
                             endedAt: Date? = nil, error: String? = nil, errorCode: String? = nil, fingerprint: String? = nil,
                             deps: [String: String]? = nil, pluginDigest: String? = nil, reusedFrom: StageExecution? = nil) throws(SluiceError) {
        try batch { $0.updateStage(runID, stage, status: status, attempts: attempts, startedAt: startedAt, endedAt: endedAt,
                                   error: error, errorCode: errorCode, fingerprint: fingerprint, deps: deps,
                                   pluginDigest: pluginDigest, reusedFrom: reusedFrom) }
    }

    /// Records what a stage produced and consumed, in one transaction.
    package func recordStageData(_ runID: String, artifacts: [ArtifactRecord], lineage: [LineageRecord]) throws(SluiceError) {
        try batch { $0.recordStageData(runID, artifacts: artifacts, lineage: lineage) }
    }

    /// Writes a batch of metrics, events and stage params in one transaction: the
    /// executor buffers what plugins report and flushes here.
    package func append(_ runID: String, metrics: [MetricRecord], events: [EventRecord], params: [(stage: String, name: String, value: String)]) throws(SluiceError) {
        try batch { $0.append(runID, metrics: metrics, events: events, params: params) }
    }

    /// Runs several stage updates in one transaction: the executor batches the
    /// bookkeeping of stages it reuses from the cache, which would otherwise cost one
    /// commit each.
    package func batch(_ body: (RunStoreBatch) -> Void) throws(SluiceError) {
        let batch = RunStoreBatch()
        body(batch)
        try apply(batch)
    }

    package func artifactIndex() throws(SluiceError) -> [(artifact: ArtifactRecord, runs: Int, newestRun: String)] {
        try artifactIndex(runID: nil)
    }

    package func runs(limit: Int = 50) throws(SluiceError) -> [RunSummary] {
        try runs(limit: limit, pipeline: nil)
    }

    package func runs(limit: Int = 50, pipeline: String) throws(SluiceError) -> [RunSummary] {
        try runs(limit: limit, pipeline: .some(pipeline))
    }

    package func latestArtifacts(named name: String) throws(SluiceError) -> [LatestArtifact] {
        try latestArtifacts(named: name, role: .artifact)
    }

    /// Finds a run by id, unique id prefix, or "last".
    package func resolveRunID(_ reference: String) throws(SluiceError) -> String {
        let matches: [String] = reference == "last"
            ? try newestRunID().map { [$0] } ?? []
            : try runIDs(startingWith: reference, limit: 5)
        if matches.contains(reference) { return reference }
        guard matches.count == 1 else {
            throw SluiceError(
                .runsUnknown, at: reference,
                matches.isEmpty ? "no run with this id. List runs with `sluice runs list`" : "matches several runs (\(matches.joined(separator: ", "))). Give more of the id")
        }
        return matches[0]
    }
}
