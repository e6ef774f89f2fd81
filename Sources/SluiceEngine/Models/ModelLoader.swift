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
    /// Which models load in a worker process instead of here.
    package let isolation: ModelIsolation
    /// Where loaded models log (ABI 1.1 model host), and where the loader says that a
    /// model runs in a worker; nil: nowhere.
    package private(set) var host: ModelHost?

    /// Models loaded by the plugins of `catalog`; references are looked up in
    /// `sources`, in order.
    package init(catalog: PluginCatalog, sources: [any ModelSource] = [FileModelSource()], isolation: ModelIsolation = .automatic,
                 host: ModelHost? = nil) {
        self.catalog = LazyCapabilities(catalog)
        self.sources = sources
        self.isolation = isolation
        self.host = host
    }

    /// The same loader, with the models it loads logging to `host` (a stage's log, the
    /// server's).
    package func logging(to host: ModelHost) -> ModelLoader {
        var copy = self
        copy.host = host
        return copy
    }

    /// A loader of the plugins of `catalog` only (a bundle's), isolating and logging as this one.
    package func with(catalog: PluginCatalog) -> ModelLoader {
        ModelLoader(catalog: catalog, sources: [], isolation: isolation, host: host)
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

    /// Loads a model from artifact bytes: here, or in a worker when `isolation` says so
    /// for any plugin it needs.
    package func load(_ bytes: UnsafeRawBufferPointer, mediaType: String?, what: String) throws(SluiceError) -> LoadedModel {
        if mediaType.map({ MediaType.essence($0) == InferencePipeline.mediaType }) ?? InferencePipeline.accepts(bytes) {
            return try loadInferencePipeline(bytes, mediaType: mediaType, what: what)
        }
        let capability = try modelCapability(bytes, mediaType: mediaType, what: what)
        if let model = try inWorker(bytes, mediaType: mediaType, what: what, plugins: [capability.plugin]) { return model }
        return try load(bytes, with: capability, what: what)
    }

    /// The plugin that loads a model of `mediaType` (or, unknown, the one that says the
    /// bytes are its own).
    private func modelCapability(_ bytes: UnsafeRawBufferPointer, mediaType: String?, what: String) throws(SluiceError) -> PredictCapability {
        let byType = mediaType.flatMap { type in capabilities.first { $0.handles(mediaType: type) } }
        guard let capability = byType ?? capabilities.first(where: { $0.accepts(bytes) }) else {
            let known = capabilities.map { "\($0.plugin.id) (\($0.mediaTypes.joined(separator: ", ")))" }
            throw SluiceError(
                .modelNoPlugin, at: what,
                "no plugin loads this model\(mediaType.map { " (media type \($0))" } ?? ""); "
                    + (known.isEmpty ? "no plugin with the model capability was found: check --plugin-path"
                                     : "plugins with the model capability: \(known.joined(separator: "; "))"))
        }
        return capability
    }

    private func load(_ bytes: UnsafeRawBufferPointer, with capability: PredictCapability, what: String) throws(SluiceError) -> LoadedModel {
        let (status, handle, text) = loadModel(capability.table, pluginData: capability.plugin.pluginData, host: host, bytes: bytes)
        guard status == 0, let handle else {
            let name = StageStatus(rawValue: status)
            throw SluiceError(SluiceError.Code("model.\(name?.code ?? "status-\(status)")", kind: .failure), at: what,
                              "\(capability.plugin.id) could not load the model: \(text.isEmpty ? "status \(status)" : text)")
        }
        return try LoadedModel(capability: capability, handle: handle, host: host)
    }

    /// The model loaded in a worker, when any of `plugins` must run in one; else nil.
    private func inWorker(_ bytes: UnsafeRawBufferPointer, mediaType: String?, what: String, plugins: [PluginInfo]) throws(SluiceError) -> LoadedModel? {
        var unique: [PluginInfo] = []
        for plugin in plugins where !unique.contains(where: { $0.path == plugin.path }) { unique.append(plugin) }
        guard let (plugin, why) = unique.lazy.compactMap({ plugin in isolation.reason(for: plugin).map { (plugin, $0) } }).first else {
            return nil
        }
        host?.log(Int32(LogLevel.info.rawValue), "model \(what): \(why)")
        let executable = try isolation.workerExecutable(for: plugin, what: what)
        let worker = try WorkerModel(artifact: ByteBuffer(copying: bytes), mediaType: mediaType, what: what, plugins: unique,
                                     executable: executable, grace: isolation.grace, log: host)
        return try LoadedModel(worker: worker)
    }

    /// Loads an inference pipeline: each fitted transform by the plugin whose
    /// "sluice.transform/1" reads its media type, then the model.
    private func loadInferencePipeline(_ bytes: UnsafeRawBufferPointer, mediaType: String?, what: String) throws(SluiceError) -> LoadedModel {
        let (parts, modelPart) = try InferencePipeline.parts(bytes, what: what)
        var stepCapabilities: [TransformCapability] = []
        for part in parts {
            guard let capability = transformCapabilities.first(where: { $0.handles(mediaType: part.mediaType) }) else {
                let known = transformCapabilities.map { "\($0.plugin.id) (\($0.mediaTypes.joined(separator: ", ")))" }
                throw SluiceError(.modelNoPlugin, at: what,
                                  "no plugin applies the fitted transform of stage '\(part.stage)' (media type \(part.mediaType), made by \(part.plugin)); "
                                      + (known.isEmpty ? "no plugin with the fitted-transform capability was found: check --plugin-path"
                                                       : "plugins with the capability: \(known.joined(separator: "; "))"))
            }
            stepCapabilities.append(capability)
        }
        let buffer = modelPart.bytes.withUnsafeBytes { ByteBuffer(copying: $0) }
        let modelCapability = try modelCapability(buffer.pointer, mediaType: modelPart.mediaType, what: what)
        // One plugin that must be isolated takes the whole pipeline into the worker.
        if let model = try inWorker(bytes, mediaType: mediaType ?? InferencePipeline.mediaType, what: what,
                                    plugins: stepCapabilities.map(\.plugin) + [modelCapability.plugin]) {
            return model
        }
        var steps: [LoadedTransform] = []
        for (part, capability) in zip(parts, stepCapabilities) {
            steps.append(try LoadedTransform(capability: capability, bytes: part.bytes, stage: part.stage, digest: part.digest))
        }
        return try LoadedModel(steps: steps, model: try load(buffer.pointer, with: modelCapability, what: what))
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
            if let serving = source as? any SelfServingModelSource, let model = try serving.model(for: reference, loadingLike: self) { return model }
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
