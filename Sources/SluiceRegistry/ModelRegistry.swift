import Foundation
import GRDB
import SluiceStore
import SluiceSupport

/// The model registry: versions per model name and aliases (`staging`, `production`,
/// `canary`...) pointing at versions, in the run store's database so that versions
/// link to the runs that produced them. Every alias move is recorded for good.
package final class ModelRegistry: Sendable {
    package let store: RunStore

    package init(store: RunStore) {
        self.store = store
    }

    // MARK: - Registering

    /// What a new version is registered from.
    package struct Registration: Sendable {
        package var name: String
        package var digest: String
        package var mediaType: String
        package var pluginID: String
        package var pluginVersion: String
        package var runID: String?
        package var stage: String?
        package var by: String
        package var note: String
        package var modelDescription: String

        package init(name: String, digest: String, mediaType: String, pluginID: String, pluginVersion: String, runID: String?, stage: String?,
                     by: String, note: String, modelDescription: String) {
            self.name = name
            self.digest = digest
            self.mediaType = mediaType
            self.pluginID = pluginID
            self.pluginVersion = pluginVersion
            self.runID = runID
            self.stage = stage
            self.by = by
            self.note = note
            self.modelDescription = modelDescription
        }
    }

    /// Registers a new version, numbered after the newest. The same artifact registered
    /// again under the same name returns the existing version (`created` false), so a
    /// rerun pipeline does not pile up identical versions.
    package func register(_ registration: Registration) throws(SluiceError) -> (version: ModelVersionRecord, created: Bool) {
        try Self.checkName(registration.name, what: "model name")
        return try store.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM model_versions WHERE name = ? AND digest = ? ORDER BY version LIMIT 1",
                                          arguments: [registration.name, registration.digest]) {
                return (Self.version(row), false)
            }
            let next = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM model_versions WHERE name = ?", arguments: [registration.name]) ?? 0) + 1
            let record = ModelVersionRecord(
                name: registration.name, version: next, digest: registration.digest, mediaType: registration.mediaType,
                pluginID: registration.pluginID, pluginVersion: registration.pluginVersion, runID: registration.runID, stage: registration.stage,
                registeredBy: registration.by, registeredAt: Date(), note: registration.note, modelDescription: registration.modelDescription)
            try db.execute(sql: """
                INSERT INTO model_versions (name, version, digest, media_type, plugin_id, plugin_version, run_id, stage, registered_by, registered_at, note, description)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.name, record.version, record.digest, record.mediaType, record.pluginID, record.pluginVersion,
                                 record.runID, record.stage, record.registeredBy, record.registeredAt.timeIntervalSince1970, record.note, record.modelDescription])
            return (record, true)
        }
    }

    // MARK: - Aliases

    /// Points `alias` at `version` (a promotion), recording who, when and why. Refuses a
    /// version whose producing run failed a quality gate unless `force`. Returns nil
    /// when the alias already pointed there with the same share.
    @discardableResult
    package func promote(_ name: String, version: Int, alias: String, percent: Double? = nil, by: String, note: String,
                         force: Bool = false) throws(SluiceError) -> AliasEvent? {
        try Self.checkName(alias, what: "alias")
        if let percent, !(0...100).contains(percent) {
            throw SluiceError(.registryBadPercent, at: "\(name)@\(alias)", "the canary share must be between 0 and 100, not \(percent)")
        }
        let target = try resolve(ModelReference(name: name, selector: .version(version)))
        if !force, let failed = try gateFailures(of: target), !failed.isEmpty {
            throw SluiceError(.registryGatesFailed, at: "\(name):\(version)",
                              "refusing to promote: run \(target.runID ?? "?") failed the quality gate(s) \(failed.joined(separator: ", ")). Train a better model, or pass --force to override (recorded)")
        }
        return try store.write { db in
            let current = try Self.alias(db, name, alias)
            if current?.version == version && current?.percent == percent { return nil }
            return try Self.move(db, name: name, alias: alias, action: .promote, from: current?.version, to: version, percent: percent, by: by,
                                 note: force ? "[forced past failed gates] " + note : note)
        }
    }

    /// Moves `alias` back to the version it pointed at before its latest promotion.
    package func rollback(_ name: String, alias: String, by: String, note: String) throws(SluiceError) -> AliasEvent {
        _ = try versions(of: name, requireAny: true)
        return try store.write { db in
            guard let current = try Self.alias(db, name, alias) else {
                throw SluiceError(.registryUnknownAlias, at: "\(name)@\(alias)", "the alias is not set, so there is nothing to roll back")
            }
            var stack: [(version: Int, percent: Double?)] = []
            for event in try Self.events(db, name: name, alias: alias) {
                switch event.action {
                case .promote: stack.append((event.toVersion ?? 0, event.percent))
                case .rollback: _ = stack.popLast()
                case .remove: stack.removeAll()
                }
            }
            _ = stack.popLast()
            guard let previous = stack.last else {
                throw SluiceError(.registryNoPrevious, at: "\(name)@\(alias)",
                                  "version \(current.version) is the first version this alias pointed at: there is nothing to roll back to. Promote another version instead")
            }
            return try Self.move(db, name: name, alias: alias, action: .rollback, from: current.version, to: previous.version, percent: previous.percent, by: by, note: note)
        }
    }

    /// Removes an alias (e.g. ends a canary), recorded like every move.
    @discardableResult
    package func removeAlias(_ name: String, alias: String, by: String, note: String) throws(SluiceError) -> AliasEvent {
        try store.write { db in
            guard let current = try Self.alias(db, name, alias) else {
                throw SluiceError(.registryUnknownAlias, at: "\(name)@\(alias)", "the alias is not set")
            }
            return try Self.move(db, name: name, alias: alias, action: .remove, from: current.version, to: nil, percent: nil, by: by, note: note)
        }
    }

    private static func move(_ db: Database, name: String, alias: String, action: AliasEvent.Action, from: Int?, to: Int?, percent: Double?,
                             by: String, note: String) throws -> AliasEvent {
        let now = Date()
        if let to {
            try db.execute(sql: "INSERT OR REPLACE INTO model_aliases (name, alias, version, percent, updated_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, alias, to, percent, now.timeIntervalSince1970])
        } else {
            try db.execute(sql: "DELETE FROM model_aliases WHERE name = ? AND alias = ?", arguments: [name, alias])
        }
        try db.execute(sql: """
            INSERT INTO alias_events (name, alias, action, from_version, to_version, percent, by, time, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [name, alias, action.rawValue, from, to, percent, by, now.timeIntervalSince1970, note])
        return AliasEvent(id: db.lastInsertedRowID, name: name, alias: alias, action: action, fromVersion: from, toVersion: to, percent: percent,
                          by: by, time: now, note: note)
    }

    // MARK: - Reading

    /// Every model name with its versions and aliases.
    package func models() throws(SluiceError) -> [RegisteredModel] {
        try store.read { db in
            let versions = try Row.fetchAll(db, sql: "SELECT * FROM model_versions ORDER BY name, version").map(Self.version)
            let aliases = try Row.fetchAll(db, sql: "SELECT * FROM model_aliases ORDER BY name, alias").map(Self.aliasRecord)
            return Dictionary(grouping: versions, by: \.name).keys.sorted().map { name in
                RegisteredModel(name: name, versions: versions.filter { $0.name == name }, aliases: aliases.filter { $0.name == name })
            }
        }
    }

    /// The versions of `name`, oldest first.
    package func versions(of name: String, requireAny: Bool = false) throws(SluiceError) -> [ModelVersionRecord] {
        let versions = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM model_versions WHERE name = ? ORDER BY version", arguments: [name]).map(Self.version)
        }
        if requireAny && versions.isEmpty { throw try unknownModel(name) }
        return versions
    }

    /// The aliases of `name`.
    package func aliases(of name: String) throws(SluiceError) -> [AliasRecord] {
        try store.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM model_aliases WHERE name = ? ORDER BY alias", arguments: [name]).map(Self.aliasRecord)
        }
    }

    /// Every alias move of `name`, oldest first.
    package func history(of name: String) throws(SluiceError) -> [AliasEvent] {
        _ = try versions(of: name, requireAny: true)
        return try store.read { db in try Self.events(db, name: name, alias: nil) }
    }

    /// Changes whenever an alias of `name` moves: what a server polls to hot-reload.
    package func revision(of name: String) throws(SluiceError) -> Int64 {
        try store.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM alias_events WHERE name = ?", arguments: [name]) ?? 0 }
    }

    /// Whether the registry knows this model name.
    package func contains(_ name: String) throws(SluiceError) -> Bool {
        try store.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM model_versions WHERE name = ?)", arguments: [name]) ?? false }
    }

    /// The version a reference names. `NAME` alone means its `production` alias when
    /// set, else its newest version.
    package func resolve(_ reference: ModelReference) throws(SluiceError) -> ModelVersionRecord {
        let versions = try versions(of: reference.name, requireAny: true)
        switch reference.selector {
        case .version(let number):
            guard let found = versions.first(where: { $0.version == number }) else {
                throw SluiceError(.registryUnknownVersion, at: reference.description,
                                  "\(reference.name) has versions \(versions.map { String($0.version) }.joined(separator: ", ")), not \(number)")
            }
            return found
        case .alias(let alias):
            let aliases = try aliases(of: reference.name)
            guard let target = aliases.first(where: { $0.alias == alias }), let found = versions.first(where: { $0.version == target.version }) else {
                let known = aliases.map { "\($0.alias) → \($0.version)" }
                throw SluiceError(.registryUnknownAlias, at: reference.description,
                                  "\(reference.name) has no alias '\(alias)'" + (known.isEmpty ? "; it has no aliases yet: set one with `sluice models promote \(reference.name):VERSION --alias \(alias)`" : "; its aliases: \(known.joined(separator: ", "))"))
            }
            return found
        case .default:
            let production = try aliases(of: reference.name).first { $0.alias == "production" }
            return versions.first { $0.version == production?.version } ?? versions[versions.count - 1]
        }
    }

    /// The gate stages that failed in the run that produced `version` (nil when it
    /// came from no recorded run).
    package func gateFailures(of version: ModelVersionRecord) throws(SluiceError) -> [String]? {
        guard let runID = version.runID else { return nil }
        return try store.read { db in
            try String.fetchAll(db, sql: "SELECT stage FROM stage_runs WHERE run_id = ? AND status = ? ORDER BY position",
                                arguments: [runID, StageRunStatus.gateFailed.rawValue])
        }
    }

    /// The runs behind registered versions, which garbage collection keeps.
    package func referencedRuns() throws(SluiceError) -> Set<String> {
        try store.read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT run_id FROM model_versions WHERE run_id IS NOT NULL")) }
    }

    /// The digests of registered versions, which garbage collection keeps.
    package func referencedDigests() throws(SluiceError) -> Set<String> {
        try store.read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT digest FROM model_versions")) }
    }

    // MARK: - Rows

    private func unknownModel(_ name: String) throws(SluiceError) -> SluiceError {
        let names = try store.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT name FROM model_versions ORDER BY name") }
        return SluiceError(.registryUnknownModel, at: name,
                           names.isEmpty ? "no model is registered yet: register one with a `sluice.deploy/register` stage or `sluice models register`"
                                         : "no model named '\(name)'.\(didYouMean(name, names)) Registered: \(names.joined(separator: ", "))")
    }

    private static func checkName(_ name: String, what: String) throws(SluiceError) {
        guard ModelReference.isValidName(name) else {
            throw SluiceError(.registryBadName, at: name, "invalid \(what): use \(ModelReference.nameRule)")
        }
    }

    private static func alias(_ db: Database, _ name: String, _ alias: String) throws -> AliasRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM model_aliases WHERE name = ? AND alias = ?", arguments: [name, alias]).map(aliasRecord)
    }

    private static func events(_ db: Database, name: String, alias: String?) throws -> [AliasEvent] {
        let sql = "SELECT * FROM alias_events WHERE name = ?" + (alias == nil ? "" : " AND alias = ?") + " ORDER BY id"
        return try Row.fetchAll(db, sql: sql, arguments: StatementArguments([name] + (alias.map { [$0] } ?? []))).map { row in
            AliasEvent(id: row["id"], name: row["name"], alias: row["alias"], action: AliasEvent.Action(rawValue: row["action"]) ?? .promote,
                       fromVersion: row["from_version"], toVersion: row["to_version"], percent: row["percent"], by: row["by"],
                       time: Date(timeIntervalSince1970: row["time"]), note: row["note"])
        }
    }

    private static func version(_ row: Row) -> ModelVersionRecord {
        ModelVersionRecord(
            name: row["name"], version: row["version"], digest: row["digest"], mediaType: row["media_type"], pluginID: row["plugin_id"],
            pluginVersion: row["plugin_version"], runID: row["run_id"], stage: row["stage"], registeredBy: row["registered_by"],
            registeredAt: Date(timeIntervalSince1970: row["registered_at"]), note: row["note"], modelDescription: row["description"])
    }

    private static func aliasRecord(_ row: Row) -> AliasRecord {
        AliasRecord(name: row["name"], alias: row["alias"], version: row["version"], percent: row["percent"],
                    updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}
