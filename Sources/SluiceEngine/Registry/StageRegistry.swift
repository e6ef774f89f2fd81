import Foundation
import SluiceJSON
import SluiceRegistry
import SluiceStore
import SluiceSupport

/// The registry as one stage of one run sees it ("sluice.registry/1"): versions it
/// registers are linked to the stage that produced the artifact in this run, and
/// alias moves are attributed to whoever approved the stage (else to the run).
package struct StageRegistry: Sendable {
    package let registry: ModelRegistry
    package let store: any RunStore
    package let objects: any ObjectStore
    package let models: ModelLoader
    package let runID: String
    package let stage: String
    /// Where this stage's inputs came from, to find an artifact's producer.
    package let inputs: [LineageRecord]

    package init(registry: ModelRegistry, store: any RunStore, objects: any ObjectStore, models: ModelLoader, runID: String, stage: String,
                 inputs: [LineageRecord]) {
        self.registry = registry
        self.store = store
        self.objects = objects
        self.models = models
        self.runID = runID
        self.stage = stage
        self.inputs = inputs
    }

    /// Registers `bytes` as a version of `name` after checking a plugin loads them.
    package func register(name: String, bytes: UnsafeRawBufferPointer, mediaType: String?, note: String) throws(SluiceError) -> ModelVersionRecord {
        let model = try models.load(bytes, mediaType: mediaType, what: "the model to register as '\(name)'")
        let digest: String
        do { digest = try objects.write(bytes, mediaType: mediaType ?? model.mediaType) } catch {
            throw SluiceError(.storeIo, at: stage, "cannot store the model: \(error)")
        }
        let producer = inputs.first { $0.digest == digest }?.sourceStage ?? stage
        return try registry.register(.init(
            name: name, digest: digest, mediaType: mediaType.flatMap { $0.isEmpty ? nil : $0 } ?? model.mediaType, pluginID: model.pluginID,
            pluginVersion: model.pluginVersion, runID: runID, stage: producer, by: try actor(), note: note,
            modelDescription: model.descriptionJSON)).version
    }

    /// Points `alias` at `version`, attributed to the stage's approver.
    package func setAlias(name: String, version: Int, alias: String, percent: Double?, note: String) throws(SluiceError) -> AliasEvent? {
        try registry.promote(name, version: version, alias: alias, percent: percent, by: try actor(),
                             note: note.isEmpty ? "run \(runID), stage \(stage)" : note)
    }

    /// The version a reference names, as the JSON `lookup` returns.
    package func lookup(_ reference: String) throws(SluiceError) -> JSONValue? {
        guard let parsed = ModelReference(parsing: reference) else {
            throw SluiceError(.registryBadReference, at: reference, "expected NAME, NAME@ALIAS or NAME:VERSION, where names use \(ModelReference.nameRule)")
        }
        guard try registry.contains(parsed.name) else { return nil }
        let version = try registry.resolve(parsed)
        let aliases = try registry.aliases(of: version.name).filter { $0.version == version.version }.map { JSONValue.string($0.alias) }
        return .object([
            "name": .string(version.name), "version": .number(Double(version.version)), "digest": .string(version.digest),
            "media_type": .string(version.mediaType), "plugin": .string(version.pluginID),
            "run": version.runID.map(JSONValue.string) ?? .null, "stage": version.stage.map(JSONValue.string) ?? .null,
            "aliases": .array(aliases),
        ])
    }

    /// The table the version `reference` names was trained on (see `TrainingData`).
    package func trainingData(_ reference: String, port: String?) throws(SluiceError) -> TrainingData {
        try TrainingData.find(reference, port: port, registry: registry, store: store, objects: objects)
    }

    /// Who decides: the person who approved this stage in this run, else the run.
    private func actor() throws(SluiceError) -> String {
        let approval = try store.detail(runID).approvals.last { $0.stage == stage && $0.decision == .approved }
        return approval?.by ?? "run \(runID)"
    }
}
