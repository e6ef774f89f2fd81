import Foundation

// The model registry's records, beside `RegistryStore`, which keeps them; what they
// mean (names, aliases, promotion rules) is `ModelRegistry`'s, in SluiceRegistry.

/// One registered version of a model.
package struct ModelVersionRecord: Sendable, Equatable {
    package var name: String
    package var version: Int
    package var digest: String
    package var mediaType: String
    /// The plugin whose model capability loads it, and its version.
    package var pluginID: String
    package var pluginVersion: String
    /// The run and stage that produced the artifact (nil when registered from a file).
    package var runID: String?
    package var stage: String?
    package var registeredBy: String
    package var registeredAt: Date
    package var note: String
    /// The model's description (JSON) as its plugin gave it.
    package var modelDescription: String

    package init(name: String, version: Int, digest: String, mediaType: String, pluginID: String, pluginVersion: String, runID: String?,
                 stage: String?, registeredBy: String, registeredAt: Date, note: String, modelDescription: String) {
        self.name = name
        self.version = version
        self.digest = digest
        self.mediaType = mediaType
        self.pluginID = pluginID
        self.pluginVersion = pluginVersion
        self.runID = runID
        self.stage = stage
        self.registeredBy = registeredBy
        self.registeredAt = registeredAt
        self.note = note
        self.modelDescription = modelDescription
    }
}

/// Where an alias points now.
package struct AliasRecord: Sendable, Equatable {
    package var name: String
    package var alias: String
    package var version: Int
    /// The share of traffic (0-100) for a canary alias; nil otherwise.
    package var percent: Double?
    package var updatedAt: Date

    package init(name: String, alias: String, version: Int, percent: Double?, updatedAt: Date) {
        self.name = name
        self.alias = alias
        self.version = version
        self.percent = percent
        self.updatedAt = updatedAt
    }
}

/// One move of an alias, kept forever: the audit trail of releases. `id` orders the
/// moves of a store: a later move has a larger id.
package struct AliasEvent: Sendable, Equatable {
    package enum Action: String, Sendable {
        case promote, rollback, remove
    }

    package var id: Int64
    package var name: String
    package var alias: String
    package var action: Action
    package var fromVersion: Int?
    package var toVersion: Int?
    package var percent: Double?
    package var by: String
    package var time: Date
    package var note: String

    package init(id: Int64, name: String, alias: String, action: Action, fromVersion: Int?, toVersion: Int?, percent: Double?, by: String,
                 time: Date, note: String) {
        self.id = id
        self.name = name
        self.alias = alias
        self.action = action
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.percent = percent
        self.by = by
        self.time = time
        self.note = note
    }
}

/// A model name with its versions and aliases, for `sluice models list`.
package struct RegisteredModel: Sendable {
    package var name: String
    package var versions: [ModelVersionRecord]
    package var aliases: [AliasRecord]

    package init(name: String, versions: [ModelVersionRecord], aliases: [AliasRecord]) {
        self.name = name
        self.versions = versions
        self.aliases = aliases
    }
}
