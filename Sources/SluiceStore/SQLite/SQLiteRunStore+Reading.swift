import Foundation
import GRDB
import SluiceSupport

/// Reading runs and artifacts.
extension SQLiteRunStore {
    package func runs(limit: Int, pipeline: String?) throws(SluiceError) -> [RunSummary] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM runs \(pipeline == nil ? "" : "WHERE pipeline = ?") ORDER BY started_at DESC, id DESC LIMIT ?
                """, arguments: StatementArguments(pipeline.map { [$0, limit] as [(any DatabaseValueConvertible)?] } ?? [limit]))
            return rows.map(Self.summary)
        }
    }

    package func newestRunID() throws(SluiceError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT id FROM runs ORDER BY started_at DESC, id DESC LIMIT 1") }
    }

    package func runIDs(startingWith prefix: String, limit: Int) throws(SluiceError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT id FROM runs WHERE id = ? OR id LIKE ? ORDER BY id LIMIT ?", arguments: [prefix, prefix + "%", limit])
        }
    }

    package func detail(_ id: String) throws(SluiceError) -> RunDetail {
        try read { db in
            guard let run = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) else {
                throw SluiceError(.runsUnknown, at: id, "no run with this id")
            }
            let params = try Row.fetchAll(db, sql: "SELECT name, value FROM params WHERE run_id = ? AND stage = '' ORDER BY name", arguments: [id])
            let stages = try Row.fetchAll(db, sql: "SELECT * FROM stage_runs WHERE run_id = ? ORDER BY position", arguments: [id]).map(Self.stage)
            let metrics = try Self.metrics(of: id, in: db)
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
                stages: stages, metrics: metrics, artifacts: artifacts, lineage: lineage, events: events, approvals: approvals,
                stageParams: try Self.stageParams(of: id, in: db)
            )
        }
    }

    package func outline(_ id: String) throws(SluiceError) -> RunOutline {
        try read { db in
            guard let run = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) else {
                throw SluiceError(.runsUnknown, at: id, "no run with this id")
            }
            let stages = try Row.fetchAll(db, sql: "SELECT * FROM stage_runs WHERE run_id = ? ORDER BY position", arguments: [id]).map(Self.stage)
            return RunOutline(summary: Self.summary(run), stages: stages, latestMetrics: try Self.latestMetrics(of: id, in: db))
        }
    }

    package func pendingApprovals() throws(SluiceError) -> [(run: RunSummary, stage: String)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT runs.*, stage_runs.stage AS waiting_stage FROM stage_runs JOIN runs ON runs.id = stage_runs.run_id
                WHERE stage_runs.status = 'awaiting-approval' ORDER BY runs.started_at, stage_runs.position
                """).map { (Self.summary($0), $0["waiting_stage"]) }
        }
    }

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

    package func artifactIndex(runID: String?) throws(SluiceError) -> [(artifact: ArtifactRecord, runs: Int, newestRun: String)] {
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

    package func referencedDigests() throws(SluiceError) -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT digest FROM artifacts")) }
    }
}
