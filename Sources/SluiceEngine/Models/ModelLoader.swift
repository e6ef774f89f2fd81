import Foundation
import SluicePlugins
import SluiceStore
import SluiceSupport
import Synchronization

/// Finds the plugin that loads a model artifact and loads it: by the artifact's
/// media type when known, else by asking each plugin with the model capability.
package struct ModelLoader: Sendable {
    private let catalog: LazyCapabilities
    private let sources: [any ModelSource]

    /// Models loaded by the plugins of `catalog`; references are looked up in
    /// `sources`, in order.
    package init(catalog: PluginCatalog, sources: [any ModelSource] = [FileModelSource()]) {
        self.catalog = LazyCapabilities(catalog)
        self.sources = sources
    }

    /// The plugins with the model capability, found on first use: a pipeline that never
    /// loads a model never loads the plugins it does not use.
    private var capabilities: [PredictCapability] { catalog.value.models }
    private var transformCapabilities: [TransformCapability] { catalog.value.transforms }

    private final class LazyCapabilities: Sendable {
        private let catalog: PluginCatalog
        private let found = Mutex<(models: [PredictCapability], transforms: [TransformCapability])?>(nil)

        package init(_ catalog: PluginCatalog) {
            self.catalog = catalog
        }

        package var value: (models: [PredictCapability], transforms: [TransformCapability]) {
            found.withLock { found in
                if let found { return found }
                let plugins = catalog.complete().plugins
                let capabilities = (plugins.compactMap(PredictCapability.init), plugins.compactMap(TransformCapability.init))
                found = capabilities
                return capabilities
            }
        }
    }

    /// The ids of the plugins that can load models.
    package var pluginIDs: [String] { capabilities.map(\.plugin.id) }

    /// Loads a model from artifact bytes.
    package func load(_ bytes: UnsafeRawBufferPointer, mediaType: String?, what: String) throws(SluiceError) -> LoadedModel {
        if mediaType.map({ MediaType.essence($0) == InferencePipeline.mediaType }) ?? InferencePipeline.accepts(bytes) {
            return try loadInferencePipeline(bytes, what: what)
        }
        let byType = mediaType.flatMap { type in capabilities.first { $0.handles(mediaType: type) } }
        guard let capability = byType ?? capabilities.first(where: { $0.accepts(bytes) }) else {
            let known = capabilities.map { "\($0.plugin.id) (\($0.mediaTypes.joined(separator: ", ")))" }
            throw SluiceError(
                .modelNoPlugin, at: what,
                "no plugin loads this model\(mediaType.map { " (media type \($0))" } ?? ""); "
                    + (known.isEmpty ? "no plugin with the model capability was found: check --plugin-path"
                                     : "plugins with the model capability: \(known.joined(separator: "; "))"))
        }
        var handle: UnsafeMutableRawPointer?
        var message = [CChar](repeating: 0, count: 2048)
        let status = message.withUnsafeMutableBufferPointer { buffer in
            capability.table.load!(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, &handle, buffer.baseAddress, buffer.count)
        }
        guard status == 0, let handle else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            let name = StageStatus(rawValue: status)
            throw SluiceError(SluiceError.Code("model.\(name?.code ?? "status-\(status)")", kind: .failure), at: what,
                              "\(capability.plugin.id) could not load the model: \(text.isEmpty ? "status \(status)" : text)")
        }
        return try LoadedModel(capability: capability, handle: handle)
    }

    /// Loads an inference pipeline: each fitted transform by the plugin whose
    /// "sluice.transform/1" reads its media type, then the model.
    private func loadInferencePipeline(_ bytes: UnsafeRawBufferPointer, what: String) throws(SluiceError) -> LoadedModel {
        let (parts, modelPart) = try InferencePipeline.parts(bytes, what: what)
        var steps: [LoadedTransform] = []
        for part in parts {
            guard let capability = transformCapabilities.first(where: { $0.handles(mediaType: part.mediaType) }) else {
                let known = transformCapabilities.map { "\($0.plugin.id) (\($0.mediaTypes.joined(separator: ", ")))" }
                throw SluiceError(.modelNoPlugin, at: what,
                                  "no plugin applies the fitted transform of stage '\(part.stage)' (media type \(part.mediaType), made by \(part.plugin)); "
                                      + (known.isEmpty ? "no plugin with the fitted-transform capability was found: check --plugin-path"
                                                       : "plugins with the capability: \(known.joined(separator: "; "))"))
            }
            steps.append(try LoadedTransform(capability: capability, bytes: part.bytes, stage: part.stage, digest: part.digest))
        }
        let buffer = modelPart.bytes.withUnsafeBytes { ByteBuffer(copying: $0) }
        return try LoadedModel(steps: steps, model: try load(buffer.pointer, mediaType: modelPart.mediaType, what: what))
    }

    /// The plugin whose "sluice.transform/1" reads `mediaType`, if any.
    package func transformCapability(for mediaType: String) -> TransformCapability? {
        transformCapabilities.first { $0.handles(mediaType: mediaType) }
    }

    /// Loads the model `reference` names in the first source that knows it; nil when
    /// none does (`lookedIn` then says where the sources looked).
    package func load(reference: String) throws(SluiceError) -> LoadedModel? {
        for source in sources {
            // A source whose models bring their own plugins (a deployment bundle) loads them with those.
            if let serving = source as? any SelfServingModelSource, let model = try serving.model(for: reference) { return model }
            guard let artifact = try source.artifact(for: reference) else { continue }
            return try load(artifact.bytes.pointer, mediaType: artifact.mediaType, what: artifact.origin)
        }
        return nil
    }

    /// The artifact `reference` names in the first source that knows it, unloaded (for
    /// a plugin worker, which loads it with its own plugins). Bundles, which bring their
    /// own plugins, are not artifacts: nil for them.
    package func artifact(for reference: String) throws(SluiceError) -> ModelArtifact? {
        for source in sources where !(source is any SelfServingModelSource) {
            if let artifact = try source.artifact(for: reference) { return artifact }
        }
        return nil
    }

    /// Where `load(reference:)` looks, in order.
    package var lookedIn: String { sources.map(\.lookedIn).joined(separator: ", ") }

    /// Like `load(reference:)`, but a reference found nowhere is an error saying where it looked.
    package func require(_ reference: String) throws(SluiceError) -> LoadedModel {
        guard let model = try load(reference: reference) else {
            // NAME@ALIAS is a registry reference: outside a project there is no registry
            // to look in, so say that rather than "no such file".
            if reference.contains("@") && !sources.contains(where: { $0 is RegistryModelSource }) {
                throw SluiceError(.modelNotFound, at: reference, "'\(reference)' looks like NAME@ALIAS, a model registry reference, but there is no project here (no .sluice/sluice.db; looked in \(lookedIn)). Run in the project folder or pass --project, or give a model file or an artifact digest")
            }
            throw SluiceError(.modelNotFound, at: reference, "no model by this name: looked in \(lookedIn). Give a model file, an artifact digest, or NAME@ALIAS")
        }
        return model
    }
}
