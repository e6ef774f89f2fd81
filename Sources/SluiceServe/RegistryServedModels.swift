import SluiceEngine
import SluiceRegistry
import SluiceStore
import SluiceSupport


/// Registered models as what the server serves: `NAME` serves its `production` alias
/// (else its newest version), `NAME@ALIAS` that alias. While the primary is the
/// production alias, a `canary` alias with a share routes that share of requests to
/// the canary's version. Any alias move changes the revision, so the server reloads.
package struct RegistryServedModels: ServedModels {
    let registry: ModelRegistry
    let objects: any ObjectStore

    package init(registry: ModelRegistry, objects: any ObjectStore) {
        self.registry = registry
        self.objects = objects
    }

    package func resolve(name: String, alias: String?) throws(SluiceError) -> ServingPlan {
        let primary = try registry.resolve(ModelReference(name: name, selector: alias.map { .alias($0) } ?? .default))
        let plan = ServingPlan.Version(label: String(primary.version), artifact: try artifact(primary))
        guard alias == nil || alias == "production",
              let canary = try registry.aliases(of: name).first(where: { $0.alias == "canary" }),
              let percent = canary.percent, percent > 0, canary.version != primary.version
        else { return ServingPlan(primary: plan) }
        let canaryVersion = try registry.resolve(ModelReference(name: name, selector: .version(canary.version)))
        return ServingPlan(primary: plan, canary: .init(label: String(canaryVersion.version), artifact: try artifact(canaryVersion)), canaryPercent: percent)
    }

    package func revision(name: String) throws(SluiceError) -> Int64 {
        try registry.revision(of: name)
    }

    private func artifact(_ version: ModelVersionRecord) throws(SluiceError) -> ModelArtifact {
        let buffer: ByteBuffer?
        do { buffer = try objects.read(digest: version.digest) } catch {
            throw SluiceError(.serveIo, at: "\(version.name):\(version.version)", "could not read the model artifact \(version.digest): \(error)")
        }
        guard let buffer else {
            throw SluiceError(.modelMissingObject, at: "\(version.name):\(version.version)",
                              "the artifact \(version.digest) is missing from .sluice/objects")
        }
        return ModelArtifact(bytes: buffer, mediaType: version.mediaType, origin: "\(version.name):\(version.version)")
    }
}
