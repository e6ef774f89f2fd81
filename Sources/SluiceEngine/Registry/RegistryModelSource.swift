import SluiceRegistry
import SluiceStore
import SluiceSupport
/// Registered models as a place `ModelLoader` looks: `NAME`, `NAME@ALIAS`, `NAME:VERSION`.
package struct RegistryModelSource: ModelSource {
    package let registry: ModelRegistry
    package let objects: any ObjectStore

    package init(registry: ModelRegistry, objects: any ObjectStore) {
        self.registry = registry
        self.objects = objects
    }

    package var lookedIn: String { "the model registry" }

    package func artifact(for reference: String) throws(SluiceError) -> ModelArtifact? {
        guard let parsed = ModelReference(parsing: reference), try registry.contains(parsed.name) else { return nil }
        let version = try registry.resolve(parsed)
        let buffer: ByteBuffer?
        do { buffer = try objects.read(digest: version.digest) } catch {
            throw SluiceError(.modelIo, at: reference, "could not read \(version.name):\(version.version) (\(version.digest)): \(error)")
        }
        guard let buffer else {
            throw SluiceError(.modelMissingObject, at: reference,
                              "\(version.name):\(version.version) is registered but its artifact \(version.digest) is missing from .sluice/objects")
        }
        return ModelArtifact(bytes: buffer, mediaType: version.mediaType, origin: "\(version.name):\(version.version)")
    }
}
