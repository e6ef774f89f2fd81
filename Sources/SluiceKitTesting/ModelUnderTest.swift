import CSluiceABI
import SluiceKit

/// A model loaded through the plugin's own "sluice.predict/1", as the server and the
/// testers load it: for testing that what a trainer wrote predicts.
public final class ModelUnderTest: Sendable {
    private let loaded: LoadedArtifact

    /// Loads `artifact` (the bytes a trainer wrote on its model output).
    public init(_ plugin: PluginUnderTest, artifact: [UInt8], mediaType: String? = nil) throws {
        guard let pointer = plugin.capability("sluice.predict/1") else {
            throw HarnessError("plugin \(plugin.id) offers no sluice.predict/1: list the model type in Plugin(..., models: [...])")
        }
        let table = readSized(pointer, as: sluice_predict_v1.self, zero: sluice_predict_v1())
        let capability = ArtifactCapability(
            id: "sluice.predict/1", mediaTypes: ArtifactCapability.mediaTypes(table.media_types), accepts: table.accepts, load: table.load,
            describe: table.describe, run: table.predict, free: table.free
        )
        loaded = try LoadedArtifact(capability, plugin: plugin, artifact: artifact, mediaType: mediaType)
    }

    /// What `describe` returned, as JSON.
    public var descriptionJSON: JSONValue { loaded.description }

    /// What `describe` returned: task, features, target, classes, outputs.
    public func modelDescription() throws -> ModelDescription {
        try loaded.decoded(ModelDescription.self)
    }

    /// Predicts every row of `input`; the plugin's failure is thrown as a `StageError`
    /// with its status (`.invalidInput` for a missing feature column).
    public func predict(_ input: Table) throws -> Table {
        try loaded.run(input)
    }
}
