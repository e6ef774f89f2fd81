import Foundation
import GRDB
import SluiceJSON
import SluiceSupport

/// Writes queued to be done together in one transaction (see `RunStore.apply`): the
/// executor queues the bookkeeping of a scheduling pass (stage starts, completions,
/// cache hits, skips) and what plugins reported, which would otherwise cost one
/// commit each. Not thread-safe: one executor thread fills and applies it.
package final class RunStoreBatch {
    package var operations: [(Database) throws -> Void] = []

    package init() {}

    package var isEmpty: Bool { operations.isEmpty }

    package func updateStage(_ runID: String, _ stage: String, status: StageRunStatus, attempts: Int? = nil, startedAt: Date? = nil,
                             endedAt: Date? = nil, error: String? = nil, errorCode: String? = nil, fingerprint: String? = nil,
                             deps: [String: String]? = nil) {
        let depsText = deps.map { JSONValue.object($0.mapValues(JSONValue.string)).canonicalText }
        operations.append { db in
            // Cached statements: the executor writes this once or twice per stage, and
            // compiling the SQL each time cost more than the update itself.
            try db.cachedStatement(sql: """
                UPDATE stage_runs SET status = ?, attempts = COALESCE(?, attempts), started_at = COALESCE(?, started_at),
                    ended_at = ?, error = ?, error_code = ?, fingerprint = COALESCE(?, fingerprint), deps = COALESCE(?, deps)
                WHERE run_id = ? AND stage = ?
                """).execute(arguments: [status.rawValue, attempts, startedAt?.timeIntervalSince1970, endedAt?.timeIntervalSince1970,
                                         error, errorCode, fingerprint, depsText, runID, stage])
        }
    }

    package func recordStageData(_ runID: String, artifacts: [ArtifactRecord], lineage: [LineageRecord]) {
        guard !artifacts.isEmpty || !lineage.isEmpty else { return }
        operations.append { db in
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
    }

    /// Metrics, log lines and stage params that plugins reported.
    package func append(_ runID: String, metrics: [MetricRecord], events: [EventRecord], params: [(stage: String, name: String, value: String)]) {
        guard !metrics.isEmpty || !events.isEmpty || !params.isEmpty else { return }
        operations.append { db in
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
}
