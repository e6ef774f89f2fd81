import CSluiceSQLite
import Foundation
import GRDB
import SluiceJSON
import SluiceSupport

/// Runs, stages, params, metrics, artifacts, lineage, events and approvals, in SQLite
/// (`.sluice/sluice.db`, WAL mode) with versioned migrations.
///
/// @unchecked Sendable: GRDB's DatabasePool serialises writes and is documented as
/// safe to share between threads; this class adds no mutable state of its own.
package final class RunStore: @unchecked Sendable {
    private let pool: DatabasePool
    package let path: String

    /// Opens (creating and migrating if needed) the store at `path`.
    package init(path: String) throws(SluiceError) {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var configuration = Configuration()
            // Another sluice process may be writing: wait for it rather than fail.
            configuration.busyMode = .timeout(10)
            // WAL with synchronous=NORMAL never corrupts the database; a power cut may
            // lose the last commits, which the next start marks as an interrupted run.
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Checkpointing on close cost a no-op `sluice run` two fsyncs (~40 ms here).
                _ = sluice_sqlite_keep_wal_on_close(db.sqliteConnection)
                // A no-op run of 200 stages writes ~1/3 of the default 1000-page log;
                // checkpoint every ~12 such runs rather than every third.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch let error as SluiceError {
            throw error
        } catch {
            throw SluiceError(.storeCannotOpen, at: path, "cannot open the run store: \(error). Check that .sluice/ is writable, or move a damaged sluice.db aside")
        }
    }
    package func write<T>(_ body: (Database) throws -> T) throws(SluiceError) -> T {
        do {
            return try pool.write(body)
        } catch let error as SluiceError {
            throw error
        } catch {
            throw SluiceError(.storeWrite, at: path, "writing the run store failed: \(error)")
        }
    }

    package func read<T>(_ body: (Database) throws -> T) throws(SluiceError) -> T {
        do {
            return try pool.read(body)
        } catch let error as SluiceError {
            throw error
        } catch {
            throw SluiceError(.storeRead, at: path, "reading the run store failed: \(error)")
        }
    }

    // MARK: - Writing a run

    /// Records a new run. `pid` is the process running it, used to find runs whose process died.
    package func createRun(_ run: RunSummary, stages: [StageRecord], params: [String: String], pid: Int32 = ProcessInfo.processInfo.processIdentifier) throws(SluiceError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO runs (id, pipeline, pipeline_file, pipeline_digest, status, started_at, host_version, git_commit, git_dirty, pid, overrides)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run.id, run.pipeline, run.pipelineFile, run.pipelineDigest, run.status.rawValue,
                                 run.startedAt.timeIntervalSince1970, run.hostVersion, run.gitCommit, run.gitDirty,
                                 Int(pid),
                                 JSONValue.array(run.overrides.map(JSONValue.string)).canonicalText])
            // One compiled statement per table, not one per row: a run of 200 stages
            // spent more time compiling this INSERT than running it.
            var stageRows = StatementRows(try db.cachedStatement(sql: """
                INSERT INTO stage_runs (run_id, stage, position, uses, plugin_version, plugin_build, status, config)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """), in: db)
            for (position, stage) in stages.enumerated() {
                stageRows.bind(run.id); stageRows.bind(stage.stage); stageRows.bind(Int64(position)); stageRows.bind(stage.uses)
                stageRows.bind(stage.pluginVersion); stageRows.bind(stage.pluginBuild); stageRows.bind(stage.status.rawValue); stageRows.bind(stage.config)
                try stageRows.insert()
            }
            var paramRows = StatementRows(try db.cachedStatement(sql: "INSERT INTO params (run_id, stage, name, value) VALUES (?, '', ?, ?)"), in: db)
            for (name, value) in params {
                paramRows.bind(run.id); paramRows.bind(name); paramRows.bind(value)
                try paramRows.insert()
            }
        }
    }

    package func setRunStatus(_ id: String, _ status: RunStatus, endedAt: Date?, error: String? = nil) throws(SluiceError) {
        try write { db in
            try db.execute(sql: "UPDATE runs SET status = ?, ended_at = ?, error = ?, pid = ? WHERE id = ?",
                           arguments: [status.rawValue, endedAt?.timeIntervalSince1970, error,
                                       status == .running ? Int(ProcessInfo.processInfo.processIdentifier) : nil, id])
        }
    }

    /// Updates a stage's status; `deps` maps its declared file dependencies to their digests.
    package func updateStage(_ runID: String, _ stage: String, status: StageRunStatus, attempts: Int? = nil, startedAt: Date? = nil,
                             endedAt: Date? = nil, error: String? = nil, errorCode: String? = nil, fingerprint: String? = nil,
                             deps: [String: String]? = nil) throws(SluiceError) {
        try batch { $0.updateStage(runID, stage, status: status, attempts: attempts, startedAt: startedAt, endedAt: endedAt,
                                   error: error, errorCode: errorCode, fingerprint: fingerprint, deps: deps) }
    }

    /// Records what a stage produced and consumed, in one transaction.
    package func recordStageData(_ runID: String, artifacts: [ArtifactRecord], lineage: [LineageRecord]) throws(SluiceError) {
        try batch { $0.recordStageData(runID, artifacts: artifacts, lineage: lineage) }
    }

    /// Runs several stage updates in one transaction: the executor batches the
    /// bookkeeping of stages it reuses from the cache, which would otherwise cost one
    /// commit each.
    package func batch(_ body: (RunStoreBatch) -> Void) throws(SluiceError) {
        let batch = RunStoreBatch()
        body(batch)
        try apply(batch)
    }

    /// Writes the queued updates of `batch` in one transaction.
    package func apply(_ batch: RunStoreBatch) throws(SluiceError) {
        guard !batch.operations.isEmpty else { return }
        try write { db in
            for operation in batch.operations { try operation(db) }
        }
        batch.operations = []
    }

    /// Writes a batch of metrics, events and stage params in one transaction with
    /// prepared statements: the executor buffers what plugins report and flushes here.
    package func append(_ runID: String, metrics: [MetricRecord], events: [EventRecord], params: [(stage: String, name: String, value: String)]) throws(SluiceError) {
        try batch { $0.append(runID, metrics: metrics, events: events, params: params) }
    }

    package func recordApproval(_ runID: String, _ approval: ApprovalRecord) throws(SluiceError) {
        try write { db in
            try db.execute(sql: "INSERT INTO approvals (run_id, stage, decision, by, note, time) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [runID, approval.stage, approval.decision.rawValue, approval.by, approval.note, approval.time.timeIntervalSince1970])
        }
    }

    /// Marks runs left "running" by a process that no longer exists as interrupted.
    /// Returns their ids.
    @discardableResult
    package func markInterruptedRuns() throws(SluiceError) -> [String] {
        // Every `sluice run` asks, and almost always nothing is left running: a read
        // costs no write transaction (and no wait behind another writer).
        guard try read({ db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE status = 'running')") ?? false }) else { return [] }
        return try write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, pid FROM runs WHERE status = 'running'")
            var interrupted: [String] = []
            for row in rows {
                let pid: Int? = row["pid"]
                if let pid, pid > 0, kill(pid_t(pid), 0) == 0 || errno == EPERM { continue }
                let id: String = row["id"]
                interrupted.append(id)
                try db.execute(sql: "UPDATE runs SET status = 'interrupted', ended_at = COALESCE(ended_at, ?), error = 'the sluice process running it stopped unexpectedly' WHERE id = ?",
                               arguments: [Date().timeIntervalSince1970, id])
                try db.execute(sql: "UPDATE stage_runs SET status = 'cancelled', ended_at = ? WHERE run_id = ? AND status = 'running'",
                               arguments: [Date().timeIntervalSince1970, id])
            }
            return interrupted
        }
    }

    // MARK: - Caching

    /// Every remembered file digest, by absolute path.
    package func fileDigests() throws(SluiceError) -> [String: (FileStamp, String)] {
        try read { db in
            var result: [String: (FileStamp, String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM file_digests") {
                result[row["path"]] = (FileStamp(size: row["size"], mtimeNanoseconds: row["mtime_ns"], inode: UInt64(bitPattern: row["inode"])), row["digest"])
            }
            return result
        }
    }

    package func saveFileDigests(_ entries: [(String, FileStamp, String)]) throws(SluiceError) {
        try write { db in
            let statement = try db.makeStatement(sql: "INSERT OR REPLACE INTO file_digests (path, size, mtime_ns, inode, digest) VALUES (?, ?, ?, ?, ?)")
            for (path, stamp, digest) in entries {
                try statement.execute(arguments: [path, stamp.size, stamp.mtimeNanoseconds, Int64(bitPattern: stamp.inode), digest])
            }
        }
    }

    /// The newest successful execution of a stage with this fingerprint, with its outputs.
    package func cachedExecution(fingerprint: String) throws(SluiceError) -> CachedExecution? {
        try read { db in
            guard let row = try Row.fetchOne(try db.cachedStatement(sql: """
                SELECT run_id, stage FROM stage_runs WHERE fingerprint = ? AND status IN ('succeeded', 'cached')
                ORDER BY ended_at DESC LIMIT 1
                """), arguments: [fingerprint]) else { return nil }
            let runID: String = row["run_id"], stage: String = row["stage"]
            let outputs = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM artifacts WHERE run_id = ? AND stage = ? ORDER BY role, name"),
                                           arguments: [runID, stage]).map(Self.artifact)
            return CachedExecution(runID: runID, stage: stage, outputs: outputs)
        }
    }

    // MARK: - Artifacts and garbage collection

    /// Where an artifact appears: every (run, stage, name) that produced or reused it, newest first.
    package func producers(of digest: String) throws(SluiceError) -> [(run: RunSummary, artifact: ArtifactRecord)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT runs.*, artifacts.stage AS a_stage, artifacts.name AS a_name, artifacts.role AS a_role, artifacts.digest AS a_digest,
                       artifacts.media_type AS a_media_type, artifacts.size AS a_size
                FROM artifacts JOIN runs ON runs.id = artifacts.run_id WHERE artifacts.digest = ? ORDER BY runs.started_at DESC
                """, arguments: [digest]).map { row in
                (Self.summary(row), ArtifactRecord(stage: row["a_stage"], name: row["a_name"], role: ArtifactRecord.Role(rawValue: row["a_role"]) ?? .output,
                                                   digest: row["a_digest"], mediaType: row["a_media_type"], size: row["a_size"]))
            }
        }
    }

    /// Every distinct artifact, with how many runs refer to it and its newest producer.
    package func artifactIndex(runID: String? = nil) throws(SluiceError) -> [(artifact: ArtifactRecord, runs: Int, newestRun: String)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT artifacts.*, COUNT(DISTINCT artifacts.run_id) AS run_count, MAX(runs.started_at) AS newest,
                       (SELECT a2.run_id FROM artifacts a2 JOIN runs r2 ON r2.id = a2.run_id WHERE a2.digest = artifacts.digest ORDER BY r2.started_at DESC LIMIT 1) AS newest_run
                FROM artifacts JOIN runs ON runs.id = artifacts.run_id
                \(runID == nil ? "" : "WHERE artifacts.run_id = ?")
                GROUP BY artifacts.digest ORDER BY newest DESC
                """, arguments: StatementArguments(runID.map { [$0] } ?? [])).map { row in
                (ArtifactRecord(stage: row["stage"], name: row["name"], role: ArtifactRecord.Role(rawValue: row["role"]) ?? .output,
                                digest: row["digest"], mediaType: row["media_type"], size: row["size"]), row["run_count"], row["newest_run"])
            }
        }
    }

    /// Every digest some recorded run refers to.
    package func referencedDigests() throws(SluiceError) -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT digest FROM artifacts")) }
    }

    /// Deletes runs and everything recorded about them.
    package func deleteRuns(_ ids: [String]) throws(SluiceError) {
        guard !ids.isEmpty else { return }
        try write { db in
            for table in ["stage_runs", "params", "metrics", "artifacts", "lineage", "events", "approvals"] {
                let statement = try db.makeStatement(sql: "DELETE FROM \(table) WHERE run_id = ?")
                for id in ids { try statement.execute(arguments: [id]) }
            }
            let statement = try db.makeStatement(sql: "DELETE FROM runs WHERE id = ?")
            for id in ids { try statement.execute(arguments: [id]) }
        }
    }

    // MARK: - Reading

    package func runs(limit: Int = 50, pipeline: String? = nil) throws(SluiceError) -> [RunSummary] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM runs \(pipeline == nil ? "" : "WHERE pipeline = ?") ORDER BY started_at DESC, id DESC LIMIT ?
                """, arguments: StatementArguments(pipeline.map { [$0, limit] as [(any DatabaseValueConvertible)?] } ?? [limit]))
            return rows.map(Self.summary)
        }
    }

    /// Finds a run by id, unique id prefix, or "last".
    package func resolveRunID(_ reference: String) throws(SluiceError) -> String {
        let matches: [String] = try read { db in
            if reference == "last" {
                return try String.fetchAll(db, sql: "SELECT id FROM runs ORDER BY started_at DESC, id DESC LIMIT 1")
            }
            return try String.fetchAll(db, sql: "SELECT id FROM runs WHERE id = ? OR id LIKE ? ORDER BY id LIMIT 5", arguments: [reference, reference + "%"])
        }
        if matches.contains(reference) { return reference }
        guard matches.count == 1 else {
            throw SluiceError(
                .runsUnknown, at: reference,
                matches.isEmpty ? "no run with this id. List runs with `sluice runs list`" : "matches several runs (\(matches.joined(separator: ", "))). Give more of the id")
        }
        return matches[0]
    }

    package func detail(_ id: String) throws(SluiceError) -> RunDetail {
        try read { db in
            guard let run = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) else {
                throw SluiceError(.runsUnknown, at: id, "no run with this id")
            }
            let params = try Row.fetchAll(db, sql: "SELECT name, value FROM params WHERE run_id = ? AND stage = '' ORDER BY name", arguments: [id])
            let stages = try Row.fetchAll(db, sql: "SELECT * FROM stage_runs WHERE run_id = ? ORDER BY position", arguments: [id]).map(Self.stage)
            let metrics = try Row.fetchAll(db, sql: "SELECT * FROM metrics WHERE run_id = ? ORDER BY id", arguments: [id]).map { row in
                MetricRecord(stage: row["stage"], name: row["name"], value: row["value"], step: row["step"], time: Date(timeIntervalSince1970: row["time"]))
            }
            let artifacts = try Row.fetchAll(db, sql: "SELECT * FROM artifacts WHERE run_id = ? ORDER BY stage, role, name", arguments: [id]).map { row in
                ArtifactRecord(stage: row["stage"], name: row["name"], role: ArtifactRecord.Role(rawValue: row["role"]) ?? .output,
                               digest: row["digest"], mediaType: row["media_type"], size: row["size"])
            }
            let lineage = try Row.fetchAll(db, sql: "SELECT * FROM lineage WHERE run_id = ? ORDER BY stage, input_port", arguments: [id]).map { row in
                LineageRecord(stage: row["stage"], inputPort: row["input_port"], sourceStage: row["source_stage"], sourcePort: row["source_port"], digest: row["digest"])
            }
            let events = try Row.fetchAll(db, sql: "SELECT * FROM events WHERE run_id = ? ORDER BY id", arguments: [id]).map { row in
                EventRecord(stage: row["stage"], time: Date(timeIntervalSince1970: row["time"]), level: row["level"], message: row["message"])
            }
            let approvals = try Row.fetchAll(db, sql: "SELECT * FROM approvals WHERE run_id = ? ORDER BY id", arguments: [id]).map(Self.approval)
            return RunDetail(
                summary: Self.summary(run), params: Dictionary(uniqueKeysWithValues: params.map { ($0["name"], $0["value"]) }),
                stages: stages, metrics: metrics, artifacts: artifacts, lineage: lineage, events: events, approvals: approvals
            )
        }
    }

    /// Stages waiting for a person, across all runs.
    package func pendingApprovals() throws(SluiceError) -> [(run: RunSummary, stage: String)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT runs.*, stage_runs.stage AS waiting_stage FROM stage_runs JOIN runs ON runs.id = stage_runs.run_id
                WHERE stage_runs.status = 'awaiting-approval' ORDER BY runs.started_at, stage_runs.position
                """).map { (Self.summary($0), $0["waiting_stage"]) }
        }
    }

    // MARK: - Rows

    package static func summary(_ row: Row) -> RunSummary {
        RunSummary(
            id: row["id"], pipeline: row["pipeline"], pipelineFile: row["pipeline_file"], pipelineDigest: row["pipeline_digest"],
            status: RunStatus(rawValue: row["status"]) ?? .failed, startedAt: Date(timeIntervalSince1970: row["started_at"]),
            endedAt: (row["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:)), hostVersion: row["host_version"],
            gitCommit: row["git_commit"], gitDirty: row["git_dirty"], error: row["error"],
            overrides: Self.strings(row["overrides"])
        )
    }

    private static func stringMap(_ json: String?) -> [String: String] {
        guard let json, case .object(let members)? = try? JSONValue.parse(json) else { return [:] }
        return members.dictionary.compactMapValues { if case .string(let text) = $0 { text } else { nil } }
    }

    private static func strings(_ json: String?) -> [String] {
        guard let json, case .array(let values)? = try? JSONValue.parse(json) else { return [] }
        return values.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    package static func stage(_ row: Row) -> StageRecord {
        StageRecord(
            stage: row["stage"], uses: row["uses"], pluginVersion: row["plugin_version"], pluginBuild: row["plugin_build"],
            status: StageRunStatus(rawValue: row["status"]) ?? .failed, attempts: row["attempts"],
            startedAt: (row["started_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            endedAt: (row["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            error: row["error"], errorCode: row["error_code"], config: row["config"],
            fingerprint: row["fingerprint"], deps: Self.stringMap(row["deps"])
        )
    }

    package static func artifact(_ row: Row) -> ArtifactRecord {
        ArtifactRecord(stage: row["stage"], name: row["name"], role: ArtifactRecord.Role(rawValue: row["role"]) ?? .output,
                       digest: row["digest"], mediaType: row["media_type"], size: row["size"])
    }

    package static func approval(_ row: Row) -> ApprovalRecord {
        ApprovalRecord(stage: row["stage"], decision: ApprovalRecord.Decision(rawValue: row["decision"]) ?? .rejected,
                       by: row["by"], note: row["note"], time: Date(timeIntervalSince1970: row["time"]))
    }
}
