import Foundation
import SluiceStore
import SluiceSupport

/// The model registry: versions per model name and aliases (`staging`, `production`,
/// `canary`...) pointing at versions, kept by a `RegistryStore` (the run store, so that
/// versions link to the runs that produced them). Every alias move is recorded for
/// good. The rules live here (valid names, shares, gates, what a rollback returns to,
/// every message); the store only keeps records, atomically.
package final class ModelRegistry: Sendable {
    package let store: any RegistryStore

    package init(store: any RegistryStore) {
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
        return try store.findOrInsertVersion(name: registration.name, digest: registration.digest) { number in
            ModelVersionRecord(
                name: registration.name, version: number, digest: registration.digest, mediaType: registration.mediaType,
                pluginID: registration.pluginID, pluginVersion: registration.pluginVersion, runID: registration.runID, stage: registration.stage,
                registeredBy: registration.by, registeredAt: Date(), note: registration.note, modelDescription: registration.modelDescription)
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
        return try store.moveAlias(name: name, alias: alias) { current, _ in
            if current?.version == version && current?.percent == percent { return nil }
            return AliasMove(action: .promote, toVersion: version, percent: percent, by: by, note: force ? "[forced past failed gates] " + note : note)
        }
    }

    /// Moves `alias` back to the version it pointed at before its latest promotion.
    package func rollback(_ name: String, alias: String, by: String, note: String) throws(SluiceError) -> AliasEvent {
        _ = try versions(of: name, requireAny: true)
        let event = try store.moveAlias(name: name, alias: alias) { current, history throws(SluiceError) in
            guard let current else {
                throw SluiceError(.registryUnknownAlias, at: "\(name)@\(alias)", "the alias is not set, so there is nothing to roll back")
            }
            var stack: [(version: Int, percent: Double?)] = []
            for event in history {
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
            return AliasMove(action: .rollback, toVersion: previous.version, percent: previous.percent, by: by, note: note)
        }
        // The store returns the recorded event whenever the decision is a move.
        return event!
    }

    /// Removes an alias (e.g. ends a canary), recorded like every move.
    @discardableResult
    package func removeAlias(_ name: String, alias: String, by: String, note: String) throws(SluiceError) -> AliasEvent {
        let event = try store.moveAlias(name: name, alias: alias) { current, _ throws(SluiceError) in
            guard current != nil else {
                throw SluiceError(.registryUnknownAlias, at: "\(name)@\(alias)", "the alias is not set")
            }
            return AliasMove(action: .remove, toVersion: nil, percent: nil, by: by, note: note)
        }
        return event!
    }

    // MARK: - Reading

    /// Every model name with its versions and aliases.
    package func models() throws(SluiceError) -> [RegisteredModel] {
        let versions = try store.modelVersions(named: nil), aliases = try store.modelAliases(named: nil)
        return Dictionary(grouping: versions, by: \.name).keys.sorted().map { name in
            RegisteredModel(name: name, versions: versions.filter { $0.name == name }, aliases: aliases.filter { $0.name == name })
        }
    }

    /// The versions of `name`, oldest first.
    package func versions(of name: String, requireAny: Bool = false) throws(SluiceError) -> [ModelVersionRecord] {
        let versions = try store.modelVersions(named: name)
        if requireAny && versions.isEmpty { throw try unknownModel(name) }
        return versions
    }

    /// The aliases of `name`.
    package func aliases(of name: String) throws(SluiceError) -> [AliasRecord] {
        try store.modelAliases(named: name)
    }

    /// Every alias move of `name`, oldest first.
    package func history(of name: String) throws(SluiceError) -> [AliasEvent] {
        _ = try versions(of: name, requireAny: true)
        return try store.aliasEvents(name: name, alias: nil)
    }

    /// Changes whenever an alias of `name` moves: what a server polls to hot-reload.
    package func revision(of name: String) throws(SluiceError) -> Int64 {
        try store.aliasRevision(of: name)
    }

    /// Whether the registry knows this model name.
    package func contains(_ name: String) throws(SluiceError) -> Bool {
        try store.containsModel(name)
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
        return try store.gateFailedStages(runID: runID)
    }

    /// The runs behind registered versions, which garbage collection keeps.
    package func referencedRuns() throws(SluiceError) -> Set<String> {
        try store.registeredRunIDs()
    }

    /// The digests of registered versions, which garbage collection keeps.
    package func referencedDigests() throws(SluiceError) -> Set<String> {
        try store.registeredDigests()
    }

    // MARK: - Checks and messages

    private func unknownModel(_ name: String) throws(SluiceError) -> SluiceError {
        let names = try store.modelNames()
        return SluiceError(.registryUnknownModel, at: name,
                           names.isEmpty ? "no model is registered yet: register one with a `sluice.deploy/register` stage or `sluice models register`"
                                         : "no model named '\(name)'.\(didYouMean(name, names)) Registered: \(names.joined(separator: ", "))")
    }

    private static func checkName(_ name: String, what: String) throws(SluiceError) {
        guard ModelReference.isValidName(name) else {
            throw SluiceError(.registryBadName, at: name, "invalid \(what): use \(ModelReference.nameRule)")
        }
    }
}
