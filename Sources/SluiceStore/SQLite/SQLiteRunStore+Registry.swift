import Foundation
import GRDB
import SluiceSupport

/// The model registry's tables (migration `v3-registry`), in the run store's database
/// so that versions link to the runs that produced them. Each primitive is one SQLite
/// transaction; a write transaction here is exclusive, which is what makes the version
/// numbering and the alias moves atomic across processes.
extension SQLiteRunStore {
    package func findOrInsertVersion(name: String, digest: String, _ make: (_ number: Int) -> ModelVersionRecord) throws(SluiceError)
        -> (version: ModelVersionRecord, created: Bool) {
        try write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM model_versions WHERE name = ? AND digest = ? ORDER BY version LIMIT 1",
                                          arguments: [name, digest]) {
                return (Self.modelVersion(row), false)
            }
            let next = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM model_versions WHERE name = ?", arguments: [name]) ?? 0) + 1
            let record = make(next)
            try db.execute(sql: """
                INSERT INTO model_versions (name, version, digest, media_type, plugin_id, plugin_version, run_id, stage, registered_by, registered_at, note, description)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.name, record.version, record.digest, record.mediaType, record.pluginID, record.pluginVersion,
                                 record.runID, record.stage, record.registeredBy, record.registeredAt.timeIntervalSince1970, record.note, record.modelDescription])
            return (record, true)
        }
    }

    package func modelVersions(named name: String?) throws(SluiceError) -> [ModelVersionRecord] {
        try read { db in
            if let name {
                return try Row.fetchAll(db, sql: "SELECT * FROM model_versions WHERE name = ? ORDER BY version", arguments: [name]).map(Self.modelVersion)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM model_versions ORDER BY name, version").map(Self.modelVersion)
        }
    }

    package func modelAliases(named name: String?) throws(SluiceError) -> [AliasRecord] {
        try read { db in
            if let name {
                return try Row.fetchAll(db, sql: "SELECT * FROM model_aliases WHERE name = ? ORDER BY alias", arguments: [name]).map(Self.alias)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM model_aliases ORDER BY name, alias").map(Self.alias)
        }
    }

    package func aliasEvents(name: String, alias: String?) throws(SluiceError) -> [AliasEvent] {
        try read { db in try Self.aliasEvents(db, name: name, alias: alias) }
    }

    /// The id of the newest move: ids only grow, since moves are never deleted.
    package func aliasRevision(of name: String) throws(SluiceError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM alias_events WHERE name = ?", arguments: [name]) ?? 0 }
    }

    package func modelNames() throws(SluiceError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT name FROM model_versions ORDER BY name") }
    }

    package func containsModel(_ name: String) throws(SluiceError) -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM model_versions WHERE name = ?)", arguments: [name]) ?? false }
    }

    package func moveAlias(name: String, alias: String, decide: (_ current: AliasRecord?, _ history: [AliasEvent]) throws(SluiceError) -> AliasMove?)
        throws(SluiceError) -> AliasEvent? {
        try write { db in
            let current = try Row.fetchOne(db, sql: "SELECT * FROM model_aliases WHERE name = ? AND alias = ?", arguments: [name, alias]).map(Self.alias)
            guard let move = try decide(current, try Self.aliasEvents(db, name: name, alias: alias)) else { return nil }
            let now = Date()
            if let to = move.toVersion {
                try db.execute(sql: "INSERT OR REPLACE INTO model_aliases (name, alias, version, percent, updated_at) VALUES (?, ?, ?, ?, ?)",
                               arguments: [name, alias, to, move.percent, now.timeIntervalSince1970])
            } else {
                try db.execute(sql: "DELETE FROM model_aliases WHERE name = ? AND alias = ?", arguments: [name, alias])
            }
            try db.execute(sql: """
                INSERT INTO alias_events (name, alias, action, from_version, to_version, percent, by, time, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [name, alias, move.action.rawValue, current?.version, move.toVersion, move.percent, move.by, now.timeIntervalSince1970, move.note])
            return AliasEvent(id: db.lastInsertedRowID, name: name, alias: alias, action: move.action, fromVersion: current?.version,
                              toVersion: move.toVersion, percent: move.percent, by: move.by, time: now, note: move.note)
        }
    }

    package func gateFailedStages(runID: String) throws(SluiceError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT stage FROM stage_runs WHERE run_id = ? AND status = ? ORDER BY position",
                                arguments: [runID, StageRunStatus.gateFailed.rawValue])
        }
    }

    package func registeredRunIDs() throws(SluiceError) -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT run_id FROM model_versions WHERE run_id IS NOT NULL")) }
    }

    package func registeredDigests() throws(SluiceError) -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT digest FROM model_versions")) }
    }

    private static func aliasEvents(_ db: Database, name: String, alias: String?) throws -> [AliasEvent] {
        let sql = "SELECT * FROM alias_events WHERE name = ?" + (alias == nil ? "" : " AND alias = ?") + " ORDER BY id"
        return try Row.fetchAll(db, sql: sql, arguments: StatementArguments([name] + (alias.map { [$0] } ?? []))).map(Self.aliasEvent)
    }
}
