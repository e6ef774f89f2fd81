import SluiceJSON
import SluiceSupport

/// What "sluice.registry/1" asks of the registry a stage sees: `StageRegistry` in the
/// host, a proxy to the host's in a plugin worker. Answers are what the C functions
/// hand back (a version number, JSON).
package protocol StageRegistryService: Sendable {
    /// Registers `bytes` as a version of `name`; returns the version number.
    func registerVersion(name: String, bytes: UnsafeRawBufferPointer, mediaType: String?, note: String) throws(SluiceError) -> Int
    /// Points `alias` at `version`.
    func moveAlias(name: String, version: Int, alias: String, percent: Double?, note: String) throws(SluiceError)
    /// The version a reference names (nil: no such model), as `lookup`'s JSON.
    func lookup(_ reference: String) throws(SluiceError) -> JSONValue?
    /// The table the version was trained on, as `training_data`'s JSON.
    func trainingDataJSON(_ reference: String, port: String?) throws(SluiceError) -> JSONValue
}

extension StageRegistry: StageRegistryService {
    package func registerVersion(name: String, bytes: UnsafeRawBufferPointer, mediaType: String?, note: String) throws(SluiceError) -> Int {
        try register(name: name, bytes: bytes, mediaType: mediaType, note: note).version
    }

    package func moveAlias(name: String, version: Int, alias: String, percent: Double?, note: String) throws(SluiceError) {
        _ = try setAlias(name: name, version: version, alias: alias, percent: percent, note: note)
    }

    package func trainingDataJSON(_ reference: String, port: String?) throws(SluiceError) -> JSONValue {
        try trainingData(reference, port: port).json
    }
}
