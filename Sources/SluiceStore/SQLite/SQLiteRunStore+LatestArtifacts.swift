import Foundation
import GRDB
import SluiceSupport

extension SQLiteRunStore {
    /// Cheap on a store with many runs: the `artifacts_name` index narrows the scan to
    /// the rows with this name, and each joins its run by primary key.
    package func latestArtifacts(named name: String, role: ArtifactRecord.Role) throws(SluiceError) -> [LatestArtifact] {
        try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT * FROM (
                    SELECT runs.pipeline AS pipeline, artifacts.stage AS stage, artifacts.run_id AS run_id, artifacts.name AS name,
                           artifacts.role AS role, artifacts.digest AS digest, artifacts.media_type AS media_type, artifacts.size AS size,
                           COALESCE(runs.ended_at, runs.started_at) AS time,
                           ROW_NUMBER() OVER (PARTITION BY runs.pipeline, artifacts.stage
                                              ORDER BY runs.started_at DESC, runs.id DESC) AS newest
                    FROM artifacts JOIN runs ON runs.id = artifacts.run_id
                    WHERE artifacts.name = ? AND artifacts.role = ?)
                WHERE newest = 1 ORDER BY pipeline, stage
                """), arguments: [name, role.rawValue]).map { row in
                LatestArtifact(pipeline: row["pipeline"], stage: row["stage"], runID: row["run_id"], artifact: Self.artifact(row),
                               time: Date(timeIntervalSince1970: row["time"]))
            }
        }
    }

    /// Migration `v4-artifacts-by-name`: an index for finding artifacts by name across
    /// runs (`latestArtifacts`); the primary key leads with the run, so without it
    /// every lookup by name read the whole table.
    package static func indexArtifactsByName(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX artifacts_name ON artifacts(name, role)")
    }
}
