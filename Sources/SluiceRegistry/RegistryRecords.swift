import Foundation

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
}

/// Where an alias points now.
package struct AliasRecord: Sendable, Equatable {
    package var name: String
    package var alias: String
    package var version: Int
    /// The share of traffic (0-100) for a canary alias; nil otherwise.
    package var percent: Double?
    package var updatedAt: Date
}

/// One move of an alias, kept forever: the audit trail of releases.
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
}

/// A model name with its versions and aliases, for `sluice models list`.
package struct RegisteredModel: Sendable {
    package var name: String
    package var versions: [ModelVersionRecord]
    package var aliases: [AliasRecord]
}
