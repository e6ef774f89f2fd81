import CSluiceABI
import SluiceKit

/// A fitted transform loaded through the plugin's own "sluice.transform/1", as the host
/// loads it to serve raw rows: for testing that what a stage fitted applies the same way.
public final class TransformUnderTest: Sendable {
    private let loaded: LoadedArtifact

    /// Loads `artifact` (the bytes a stage wrote on its fitted-transform output).
    public init(_ plugin: PluginUnderTest, artifact: [UInt8], mediaType: String? = nil) throws {
        guard let pointer = plugin.capability("sluice.transform/1") else {
            throw HarnessError("plugin \(plugin.id) offers no sluice.transform/1: list the type in Plugin(..., transforms: [...])")
        }
        let table = readSized(pointer, as: sluice_transform_v1.self, zero: sluice_transform_v1())
        let capability = ArtifactCapability(
            id: "sluice.transform/1", mediaTypes: ArtifactCapability.mediaTypes(table.media_types), accepts: table.accepts, load: table.load,
            describe: table.describe, run: table.apply, free: table.free
        )
        loaded = try LoadedArtifact(capability, plugin: plugin, artifact: artifact, mediaType: mediaType)
    }

    /// What `describe` returned, as JSON.
    public var descriptionJSON: JSONValue { loaded.description }

    /// What `describe` returned: the columns it reads and writes.
    public func transformDescription() throws -> TransformDescription {
        try loaded.decoded(TransformDescription.self)
    }

    /// Applies the transform to every row of `input`; the plugin's failure is thrown as a
    /// `StageError` with its status (`.invalidInput` for a row it cannot transform).
    public func apply(_ input: Table) throws -> Table {
        try loaded.run(input)
    }
}
