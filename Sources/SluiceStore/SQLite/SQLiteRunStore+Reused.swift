import Foundation
import GRDB
import SluiceSupport

/// What a cached stage shows: the metrics and stage params of the execution whose
/// outputs it reused (`stage_runs.source_run`, `source_stage`), joined when a run is
/// read. Nothing is copied when the cache hit is recorded: a no-op rerun of 200 stages
/// writes one row per stage, however many metrics they once logged.
extension SQLiteRunStore {
    /// The run's own metrics, then its cached stages' reused ones (by stage position,
    /// in the order the producing run logged them), under the cached stage's name.
    static func metrics(of id: String, in db: Database) throws -> [MetricRecord] {
        let own = try Row.fetchAll(db, sql: "SELECT * FROM metrics WHERE run_id = ? ORDER BY id", arguments: [id]).map { row in
            MetricRecord(stage: row["stage"], name: row["name"], value: row["value"], step: row["step"], time: Date(timeIntervalSince1970: row["time"]))
        }
        let reused = try Row.fetchAll(db, sql: """
            SELECT stage_runs.stage AS shown, stage_runs.source_run AS source, metrics.name, metrics.value, metrics.step, metrics.time
            FROM stage_runs JOIN metrics ON metrics.run_id = stage_runs.source_run AND metrics.stage = stage_runs.source_stage
            WHERE stage_runs.run_id = ? AND stage_runs.status = 'cached'
            ORDER BY stage_runs.position, metrics.id
            """, arguments: [id]).map { row in
            MetricRecord(stage: row["shown"], name: row["name"], value: row["value"], step: row["step"],
                         time: Date(timeIntervalSince1970: row["time"]), reusedFrom: row["source"])
        }
        return own + reused
    }

    /// The last value of each metric per stage, in first-seen order: the run's own, then
    /// its cached stages' reused ones.
    static func latestMetrics(of id: String, in db: Database) throws -> [(stage: String, name: String, value: Double)] {
        // Rows are numbered in the order they were logged: the highest id of a
        // (stage, name) is its last value, the lowest says when it was first seen.
        let own = try Row.fetchAll(db, sql: """
            SELECT metrics.stage, metrics.name, metrics.value FROM metrics
            JOIN (SELECT MIN(id) AS first, MAX(id) AS last FROM metrics WHERE run_id = ? GROUP BY stage, name) AS seen ON metrics.id = seen.last
            ORDER BY seen.first
            """, arguments: [id]).map { row in (stage: row[0] as String, name: row[1] as String, value: row[2] as Double) }
        let reused = try Row.fetchAll(db, sql: """
            SELECT seen.shown, metrics.name, metrics.value FROM metrics
            JOIN (SELECT stage_runs.stage AS shown, stage_runs.position AS position, MIN(metrics.id) AS first, MAX(metrics.id) AS last
                  FROM stage_runs JOIN metrics ON metrics.run_id = stage_runs.source_run AND metrics.stage = stage_runs.source_stage
                  WHERE stage_runs.run_id = ? AND stage_runs.status = 'cached'
                  GROUP BY stage_runs.stage, metrics.name) AS seen ON metrics.id = seen.last
            ORDER BY seen.position, seen.first
            """, arguments: [id]).map { row in (stage: row[0] as String, name: row[1] as String, value: row[2] as Double) }
        return own + reused
    }

    /// The params stages reported (not the pipeline's, stage ''): the run's own, then
    /// its cached stages' reused ones; by stage position, then name.
    static func stageParams(of id: String, in db: Database) throws -> [StageParamRecord] {
        try Row.fetchAll(db, sql: """
            SELECT stage_runs.position, stage_runs.stage AS shown, params.name, params.value, NULL AS source
            FROM stage_runs JOIN params ON params.run_id = stage_runs.run_id AND params.stage = stage_runs.stage
            WHERE stage_runs.run_id = ?
            UNION ALL
            SELECT stage_runs.position, stage_runs.stage AS shown, params.name, params.value, params.run_id AS source
            FROM stage_runs JOIN params ON params.run_id = stage_runs.source_run AND params.stage = stage_runs.source_stage
            WHERE stage_runs.run_id = ? AND stage_runs.status = 'cached'
            ORDER BY 1, 3
            """, arguments: [id, id]).map { row in
            StageParamRecord(stage: row["shown"], name: row["name"], value: row["value"], reusedFrom: row["source"])
        }
    }
}
