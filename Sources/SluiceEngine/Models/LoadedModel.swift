import CSluiceABI
import Foundation
import SluiceArrow
import SluiceJSON
import SluicePlugins
import SluiceSupport

/// A model loaded by its plugin's model capability, or an inference pipeline (fitted
/// transforms, then such a model): predicts Arrow tables. Immutable and safe to share
/// between threads (the protocol promises concurrent `predict` and `apply`); what the
/// plugins loaded is freed when the last reference goes.
package final class LoadedModel: @unchecked Sendable {
    // @unchecked: handles are only passed to the plugins' thread-safe functions and
    // freed once in deinit.
    private enum Core {
        case plugin(PredictCapability, UnsafeMutableRawPointer)
        /// Raw rows go through `steps` in order, then `model`. `fused` applies the
        /// same steps with each run of one plugin's consecutive steps composed.
        case pipeline(steps: [LoadedTransform], fused: [LoadedTransform], model: LoadedModel)
        /// Loaded and predicted in a worker process of its own.
        case worker(WorkerModel)
    }

    private let core: Core

    /// The plugin that predicts, e.g. "sluice.linear" (of an inference pipeline: its model's).
    package let pluginID: String
    package let pluginVersion: String
    /// The media type of the artifact it was loaded from (a plugin's first, or the
    /// inference pipeline's).
    package let mediaType: String
    /// The model's description as the plugin gave it, or as the host composed it for
    /// an inference pipeline (JSON text).
    package let descriptionJSON: String
    /// The description as a C string, valid while the model lives; lent on to stages
    /// through "sluice.models/1".
    package let descriptionPointer: UnsafePointer<CChar>?
    private let ownedDescription: UnsafeMutablePointer<CChar>?
    /// Which plugins serve it (id, version, library path, media type; `plugins` lists
    /// every library an inference pipeline needs) as JSON, for "sluice.models/1"
    /// `source`; freed in deinit.
    package let sourcePointer: UnsafeMutablePointer<CChar>
    package let summary: ModelSummary
    /// Where the model logs (ABI 1.1), kept alive as long as the model.
    private let host: ModelHost?

    package init(capability: PredictCapability, handle: UnsafeMutableRawPointer, host: ModelHost? = nil) throws(SluiceError) {
        core = .plugin(capability, handle)
        self.host = host
        let plugin = capability.plugin
        pluginID = plugin.id
        pluginVersion = plugin.version
        mediaType = capability.mediaTypes.first ?? "application/octet-stream"
        descriptionPointer = capability.table.describe?(handle)
        ownedDescription = nil
        sourcePointer = strdup(JSONValue.object([
            "plugin": .string(plugin.id), "plugin_version": .string(plugin.version), "plugin_path": .string(plugin.path),
            "media_type": .string(mediaType),
            "plugins": .array([Self.pluginEntry(plugin)]),
        ]).canonicalText)
        let text = descriptionPointer.map { String(cString: $0) } ?? ""
        descriptionJSON = text
        do {
            summary = try JSONValueDecoder().decode(ModelSummary.self, from: JSONValue.parse(text))
        } catch {
            capability.table.free?(handle)
            free(sourcePointer)
            throw SluiceError(.modelBadDescription, at: capability.plugin.id,
                              "the plugin described its model with invalid JSON (\(error)); the description must follow sluice_predict_v1 in sluice_abi.h")
        }
    }

    /// An inference pipeline: `steps`, then `model`, described with the raw features
    /// the steps need.
    package init(steps: [LoadedTransform], model: LoadedModel) throws(SluiceError) {
        core = .pipeline(steps: steps, fused: Self.fuse(steps), model: model)
        host = nil
        pluginID = model.pluginID
        pluginVersion = model.pluginVersion
        mediaType = InferencePipeline.mediaType
        let description = InferencePipeline.describe(steps: steps, model: model)
        descriptionJSON = description.canonicalText
        ownedDescription = strdup(descriptionJSON)
        descriptionPointer = UnsafePointer(ownedDescription)
        let modelPlugin = model.sourcePlugin
        var plugins: [JSONValue] = []
        var seen = Set<String>()
        for plugin in steps.map(\.capability.plugin) + [modelPlugin].compactMap({ $0 }) where seen.insert(plugin.path).inserted {
            plugins.append(Self.pluginEntry(plugin))
        }
        sourcePointer = strdup(JSONValue.object([
            "plugin": .string(pluginID), "plugin_version": .string(pluginVersion),
            "plugin_path": modelPlugin.map { .string($0.path) } ?? .null, "media_type": .string(mediaType), "plugins": .array(plugins),
        ]).canonicalText)
        do {
            summary = try JSONValueDecoder().decode(ModelSummary.self, from: description)
        } catch {
            free(ownedDescription)
            free(sourcePointer)
            throw SluiceError(.modelBadInference, at: pluginID, "the inference pipeline's description does not decode: \(error)")
        }
    }

    /// A model a worker loaded: described as the worker's plugin described it.
    package init(worker: WorkerModel) throws(SluiceError) {
        core = .worker(worker)
        host = nil
        let opened = worker.opened
        pluginID = opened.pluginID
        pluginVersion = opened.pluginVersion
        mediaType = opened.mediaType
        descriptionJSON = opened.description
        ownedDescription = strdup(opened.description)
        descriptionPointer = UnsafePointer(ownedDescription)
        sourcePointer = strdup(opened.source)
        do {
            summary = try JSONValueDecoder().decode(ModelSummary.self, from: JSONValue.parse(opened.description))
        } catch {
            free(ownedDescription)
            free(sourcePointer)
            throw SluiceError(.modelBadDescription, at: pluginID,
                              "the plugin described its model with invalid JSON (\(error)); the description must follow sluice_predict_v1 in sluice_abi.h")
        }
    }

    deinit {
        if case .plugin(let capability, let handle) = core { capability.table.free?(handle) }
        free(ownedDescription)
        free(sourcePointer)
    }

    /// The plugin that loads the model itself (nil for an inference pipeline).
    private var sourcePlugin: PluginInfo? {
        if case .plugin(let capability, _) = core { capability.plugin } else { nil }
    }

    private static func pluginEntry(_ plugin: PluginInfo) -> JSONValue {
        .object(["id": .string(plugin.id), "version": .string(plugin.version), "path": .string(plugin.path)])
    }

    /// The fitted transforms raw rows go through before the model (none for a plain model).
    package var steps: [LoadedTransform] {
        if case .pipeline(let steps, _, _) = core { steps } else { [] }
    }

    /// `steps` with each run of consecutive steps of one plugin composed into one step,
    /// where the plugin can compose.
    private static func fuse(_ steps: [LoadedTransform]) -> [LoadedTransform] {
        var fused: [LoadedTransform] = [], run: [LoadedTransform] = []
        func flush() {
            if let composed = LoadedTransform(composing: run) { fused.append(composed) } else { fused += run }
            run = []
        }
        for step in steps {
            if let last = run.last, last.capability.plugin.path != step.capability.plugin.path { flush() }
            run.append(step)
        }
        flush()
        return fused
    }

    /// Predicts every row of `table`; the result has one row per input row. An
    /// inference pipeline first applies each fitted transform the table has not been
    /// through already (a test table its transformers wrote says which, in its
    /// `sluice.applied` metadata), so raw rows and transformed ones give the same.
    package func predict(_ table: ArrowTable) throws(SluiceError) -> ArrowTable {
        switch core {
        case .plugin(let capability, let handle):
            return try callPluginTable(capability.table.predict!, handle, table, pluginID: pluginID, doing: "prediction")
        case .pipeline(let steps, let fused, let model):
            let applied = InferencePipeline.appliedSteps(of: table)
            var current = table
            // Raw rows (nothing applied yet, as production sends them) take the fused steps.
            for step in applied.isEmpty ? fused : steps.filter({ !applied.contains(Substring($0.digest)) }) {
                current = try step.apply(current)
            }
            return try model.predict(current)
        case .worker(let worker):
            return try worker.predict(table)
        }
    }
}

/// The fields of a model description the host uses (see sluice_predict_v1).
package struct ModelSummary: Decodable, Sendable, Equatable {
    package struct Field: Decodable, Sendable, Equatable {
        package let name: String
        package let type: String
    }

    package let format: String
    package let task: String
    package let features: [Field]
    package let target: String?
    package let classes: [String]?
    package let outputs: [Field]?
}
