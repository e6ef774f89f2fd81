import Foundation
import GRDB
import SluiceSupport

/// A successful earlier execution of a stage that a stage with the same fingerprint
/// may reuse instead of running.
package struct CachedExecution: Sendable, Equatable {
    package var runID: String
    package var stage: String
    /// Its outputs, artifacts and files, ordered by role and name.
    package var outputs: [ArtifactRecord]
}

extension RunStore {
    /// For every fingerprint that the newest other run of `pipeline` recorded, its
    /// newest successful execution across all runs (what `cachedExecution(fingerprint:)`
    /// returns for it), in one query: a rerun asks about exactly these.
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
                       artifacts.stage, artifacts.name, artifacts.role, artifacts.digest, artifacts.media_type, artifacts.size
                FROM newest JOIN stage_runs ON stage_runs.rowid = newest.execution
                LEFT JOIN artifacts ON artifacts.run_id = stage_runs.run_id AND artifacts.stage = stage_runs.stage
                ORDER BY newest.fingerprint, artifacts.role, artifacts.name
                """, arguments: [pipeline, runID])
            var executions: [String: CachedExecution] = [:]
            for row in rows {
                let fingerprint: String = row["fingerprint"]
                if executions[fingerprint] == nil {
                    executions[fingerprint] = CachedExecution(runID: row["execution_run"], stage: row["execution_stage"], outputs: [])
                }
                if row["digest"] as String? != nil { executions[fingerprint]?.outputs.append(Self.artifact(row)) }
            }
            return executions
        }
    }
}
