import CSluiceSQLite
import Foundation
import GRDB
import SluiceJSON
import SluiceSupport

/// The run store on one machine: SQLite (`.sluice/sluice.db`, WAL mode) through GRDB,
/// with versioned migrations (`SQLiteRunStore+Migrations.swift`). Several processes
/// may use one database: SQLite serialises their writes, each waiting for the other.
///
/// @unchecked Sendable: GRDB's DatabasePool serialises writes and is documented as
/// safe to share between threads; this class adds no mutable state of its own.
package final class SQLiteRunStore: RunStore, @unchecked Sendable {
    private let pool: DatabasePool
    package let path: String

    package var location: String { path }

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
    /// Runs `body` in one write transaction. For this backend's own files, and for tests
    /// that look at the SQL; everything else goes through `RunStore`.
    package func write<T>(_ body: (Database) throws -> T) throws(SluiceError) -> T {
        do {
            return try pool.write(body)
        } catch let error as SluiceError {
            throw error
        } catch {
            throw SluiceError(.storeWrite, at: path, "writing the run store failed: \(error)")
        }
    }

    /// Runs `body` in one read transaction (a snapshot: concurrent writes are not seen).
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

    package func createRun(_ run: RunSummary, stages: [StageRecord], params: [String: String], pid: Int32) throws(SluiceError) {
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

    package func setRunStatus(_ id: String, _ status: RunStatus, endedAt: Date?, error: String?) throws(SluiceError) {
        try write { db in
            try db.execute(sql: "UPDATE runs SET status = ?, ended_at = ?, error = ?, pid = ? WHERE id = ?",
                           arguments: [status.rawValue, endedAt?.timeIntervalSince1970, error,
                                       status == .running ? Int(ProcessInfo.processInfo.processIdentifier) : nil, id])
        }
    }

    package func recordApproval(_ runID: String, _ approval: ApprovalRecord) throws(SluiceError) {
        try write { db in
            try db.execute(sql: "INSERT INTO approvals (run_id, stage, decision, by, note, time) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [runID, approval.stage, approval.decision.rawValue, approval.by, approval.note, approval.time.timeIntervalSince1970])
        }
    }

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
}
