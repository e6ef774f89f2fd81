import Foundation
import GRDB
import SluiceSupport

/// What the executor reads and writes to skip work: file digests and earlier executions by fingerprint.
extension SQLiteRunStore {
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

    // The `stage_runs_fingerprint_ended` index (migration v5) makes this one row read from its end.
    package func cachedExecution(fingerprint: String) throws(SluiceError) -> CachedExecution? {
        try read { db in
            guard let row = try Row.fetchOne(try db.cachedStatement(sql: """
                SELECT run_id, stage, source_run, source_stage FROM stage_runs WHERE fingerprint = ? AND status IN ('succeeded', 'cached')
                ORDER BY ended_at DESC LIMIT 1
                """), arguments: [fingerprint]) else { return nil }
            let runID: String = row["run_id"], stage: String = row["stage"]
            let outputs = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM artifacts WHERE run_id = ? AND stage = ? ORDER BY role, name"),
                                           arguments: [runID, stage]).map(Self.artifact)
            return CachedExecution(runID: runID, stage: stage, outputs: outputs, producer: Self.producer(row))
        }
    }

    /// One query: the executor asks once per run, and a rerun asks about exactly these.
    package func cachedExecutionsOfPreviousRun(pipeline: String, excluding runID: String) throws(SluiceError) -> [String: CachedExecution] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                WITH previous AS (
                    SELECT id FROM runs WHERE pipeline = ? AND id != ? ORDER BY started_at DESC, id DESC LIMIT 1),
                wanted AS (
                    SELECT DISTINCT fingerprint FROM stage_runs WHERE run_id IN previous AND fingerprint IS NOT NULL),
                newest AS (
                    SELECT wanted.fingerprint AS fingerprint,
                           (SELECT rowid FROM stage_runs WHERE fingerprint = wanted.fingerprint AND status IN ('succeeded', 'cached')
                            ORDER BY ended_at DESC LIMIT 1) AS execution
                    FROM wanted)
                SELECT newest.fingerprint AS fingerprint, stage_runs.run_id AS execution_run, stage_runs.stage AS execution_stage,
                       stage_runs.source_run AS source_run, stage_runs.source_stage AS source_stage,
                       artifacts.stage, artifacts.name, artifacts.role, artifacts.digest, artifacts.media_type, artifacts.size
                FROM newest JOIN stage_runs ON stage_runs.rowid = newest.execution
                LEFT JOIN artifacts ON artifacts.run_id = stage_runs.run_id AND artifacts.stage = stage_runs.stage
                ORDER BY newest.fingerprint, artifacts.role, artifacts.name
                """, arguments: [pipeline, runID])
            var executions: [String: CachedExecution] = [:]
            for row in rows {
                let fingerprint: String = row["fingerprint"]
                if executions[fingerprint] == nil {
                    executions[fingerprint] = CachedExecution(runID: row["execution_run"], stage: row["execution_stage"], outputs: [],
                                                              producer: Self.producer(row))
                }
                if row["digest"] as String? != nil { executions[fingerprint]?.outputs.append(Self.artifact(row)) }
            }
            return executions
        }
    }

    /// A cached row's recorded source; nil for one that ran (it produced its outputs itself).
    private static func producer(_ row: Row) -> StageExecution? {
        guard let run: String = row["source_run"], let stage: String = row["source_stage"] else { return nil }
        return StageExecution(runID: run, stage: stage)
    }
}
