import Foundation
import GRDB
import SluiceJSON
import SluiceSupport

/// Applying a `RunStoreBatch`: the executor's bookkeeping, one transaction per
/// scheduling pass. On a no-op rerun this is most of what the store does, so every
/// statement is compiled once per connection (`cachedStatement`) and bulk rows are bound
/// straight into SQLite (`StatementRows`).
extension SQLiteRunStore {
    package func apply(_ batch: RunStoreBatch) throws(SluiceError) {
        guard !batch.isEmpty else { return }
        try write { db in
            for operation in batch.operations {
                switch operation {
                case .updateStage(let update):
                    try Self.updateStage(update, in: db)
                case .recordStageData(let runID, let artifacts, let lineage):
                    try Self.recordStageData(runID, artifacts: artifacts, lineage: lineage, in: db)
                case .append(let runID, let metrics, let events, let params):
                    try Self.append(runID, metrics: metrics, events: events, params: params, in: db)
                }
            }
        }
        batch.removeAll()
    }

    private static func updateStage(_ update: RunStoreBatch.StageUpdate, in db: Database) throws {
        let depsText = update.deps.map { JSONValue.object($0.mapValues(JSONValue.string)).canonicalText }
        // Cached statements: the executor writes this once or twice per stage, and
        // compiling the SQL each time cost more than the update itself.
        try db.cachedStatement(sql: """
            UPDATE stage_runs SET status = ?, attempts = COALESCE(?, attempts), started_at = COALESCE(?, started_at),
                ended_at = ?, error = ?, error_code = ?, fingerprint = COALESCE(?, fingerprint), deps = COALESCE(?, deps),
                plugin_digest = COALESCE(?, plugin_digest), source_run = ?, source_stage = ?
            WHERE run_id = ? AND stage = ?
            """).execute(arguments: [update.status.rawValue, update.attempts, update.startedAt?.timeIntervalSince1970,
                                     update.endedAt?.timeIntervalSince1970, update.error, update.errorCode, update.fingerprint, depsText,
                                     update.pluginDigest, update.reusedFrom?.runID, update.reusedFrom?.stage,
                                     update.runID, update.stage])
    }

    private static func recordStageData(_ runID: String, artifacts: [ArtifactRecord], lineage: [LineageRecord], in db: Database) throws {
        if !artifacts.isEmpty {
            var rows = StatementRows(try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO artifacts (run_id, stage, name, role, digest, media_type, size) VALUES (?, ?, ?, ?, ?, ?, ?)
                """), in: db)
            for artifact in artifacts {
                rows.bind(runID); rows.bind(artifact.stage); rows.bind(artifact.name); rows.bind(artifact.role.rawValue)
                rows.bind(artifact.digest); rows.bind(artifact.mediaType); rows.bind(Int64(artifact.size))
                try rows.insert()
            }
        }
        if !lineage.isEmpty {
            var rows = StatementRows(try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO lineage (run_id, stage, input_port, source_stage, source_port, digest) VALUES (?, ?, ?, ?, ?, ?)
                """), in: db)
            for edge in lineage {
                rows.bind(runID); rows.bind(edge.stage); rows.bind(edge.inputPort); rows.bind(edge.sourceStage)
                rows.bind(edge.sourcePort); rows.bind(edge.digest)
                try rows.insert()
            }
        }
    }

    /// Metrics, log lines and stage params that plugins reported (100,000 metric values
    /// from one training loop is ordinary).
    private static func append(_ runID: String, metrics: [MetricRecord], events: [EventRecord], params: [(stage: String, name: String, value: String)],
                               in db: Database) throws {
        if !metrics.isEmpty {
            var rows = StatementRows(try db.cachedStatement(sql: "INSERT INTO metrics (run_id, stage, name, value, step, time) VALUES (?, ?, ?, ?, ?, ?)"), in: db)
            for metric in metrics {
                rows.bind(runID); rows.bind(metric.stage); rows.bind(metric.name); rows.bind(metric.value)
                rows.bind(metric.step); rows.bind(metric.time.timeIntervalSince1970)
                try rows.insert()
            }
        }
        if !events.isEmpty {
            var rows = StatementRows(try db.cachedStatement(sql: "INSERT INTO events (run_id, stage, time, level, message) VALUES (?, ?, ?, ?, ?)"), in: db)
            for event in events {
                rows.bind(runID); rows.bind(event.stage); rows.bind(event.time.timeIntervalSince1970); rows.bind(event.level); rows.bind(event.message)
                try rows.insert()
            }
        }
        if !params.isEmpty {
            var rows = StatementRows(try db.cachedStatement(sql: "INSERT OR REPLACE INTO params (run_id, stage, name, value) VALUES (?, ?, ?, ?)"), in: db)
            for param in params {
                rows.bind(runID); rows.bind(param.stage); rows.bind(param.name); rows.bind(param.value)
                try rows.insert()
            }
        }
    }
}
