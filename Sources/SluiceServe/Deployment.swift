import SluiceJSON
import SluiceEngine


/// One loaded version of the served model.
package struct ServedVersion: Sendable {
    package let label: String
    package let model: LoadedModel
    /// Where the artifact came from, for messages.
    package let origin: String
    /// The columns it reads, checked at load time.
    package let features: FeatureSchema
}

/// What answers requests at one moment: the primary version, an optional canary and
/// its share. Immutable: a reload builds a new one and swaps it in, so a request that
/// took the old one finishes on it (its models stay loaded until the last such
/// request lets go of them).
package struct Deployment: Sendable {
    package let primary: ServedVersion
    package let canary: ServedVersion?
    /// 0 to 100.
    package let canaryPercent: Double
    /// The `ServedModels.revision` it was loaded at.
    package let revision: Int64

    /// The version labelled `label`, if it is served.
    package func version(_ label: String) -> ServedVersion? {
        if primary.label == label { return primary }
        if let canary, canary.label == label { return canary }
        return nil
    }

    /// The same versions with another canary share.
    func with(canaryPercent percent: Double) -> Deployment {
        Deployment(primary: primary, canary: canary, canaryPercent: canary == nil ? 0 : min(max(percent, 0), 100), revision: revision)
    }
}

extension JSONWriter {
    /// The members that say how requests are split: `"primary"`, then `"canary"` when
    /// there is one and `"canary_percent"`, each after a comma. `primaryKey` names the
    /// first (`primary` in a model's metadata, `version` in an admin answer).
    mutating func deploymentMembers(_ deployment: Deployment, primaryKey: StaticString) {
        byte(",")
        raw("\"")
        raw(primaryKey)
        raw("\":")
        string(deployment.primary.label)
        if let canary = deployment.canary {
            raw(",\"canary\":")
            string(canary.label)
        }
        raw(",\"canary_percent\":")
        number(deployment.canaryPercent)
    }
}
