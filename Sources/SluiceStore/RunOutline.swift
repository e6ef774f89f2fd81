import Foundation
import GRDB
import SluiceSupport

/// What the end of `sluice run` prints: the run, its stages and the last value of each
/// metric. Read without the metric history, which can be 100,000 rows.
package struct RunOutline: Sendable {
    package var summary: RunSummary
    package var stages: [StageRecord]
    /// The last value of each metric, per stage, in first-seen order (as `RunDetail.latestMetrics`).
    package var latestMetrics: [(stage: String, name: String, value: Double)]
}

extension RunStore {
    package func outline(_ id: String) throws(SluiceError) -> RunOutline {
        try read { db in
            guard let run = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) else {
                throw SluiceError(.runsUnknown, at: id, "no run with this id")
            }
            let stages = try Row.fetchAll(db, sql: "SELECT * FROM stage_runs WHERE run_id = ? ORDER BY position", arguments: [id]).map(Self.stage)
            // Rows are numbered in the order they were logged: the highest id of a
            // (stage, name) is its last value, the lowest says when it was first seen.
            let latest = try Row.fetchAll(db, sql: """
                SELECT metrics.stage, metrics.name, metrics.value FROM metrics
                JOIN (SELECT MIN(id) AS first, MAX(id) AS last FROM metrics WHERE run_id = ? GROUP BY stage, name) AS seen ON metrics.id = seen.last
                ORDER BY seen.first
                """, arguments: [id]).map { row in (stage: row[0] as String, name: row[1] as String, value: row[2] as Double) }
            return RunOutline(summary: Self.summary(run), stages: stages, latestMetrics: latest)
        }
    }
}
