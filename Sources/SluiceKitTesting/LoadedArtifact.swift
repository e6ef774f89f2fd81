import CSluiceABI
import SluiceKit

/// What "sluice.predict/1" and "sluice.transform/1" share: load an artifact, describe
/// it, turn one table into another, free it. The harness calls these C functions the
/// way the host does.
struct ArtifactCapability {
    typealias Load = @convention(c) (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<CChar>?, Int) -> Int32
    typealias Describe = @convention(c) (UnsafeMutableRawPointer?) -> UnsafePointer<CChar>?
    typealias Run = @convention(c) (
        UnsafeMutableRawPointer?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32
    typealias Free = @convention(c) (UnsafeMutableRawPointer?) -> Void

    let id: String
    let mediaTypes: [String]
    let accepts: (@convention(c) (UnsafePointer<UInt8>?, Int) -> Int32)?
    let load: Load?
    let describe: Describe?
    let run: Run?
    let free: Free?

    static func mediaTypes(_ list: UnsafePointer<UnsafePointer<CChar>?>?) -> [String] {
        guard let list else { return [] }
        var types: [String] = []
        var index = 0
        while let entry = list[index] {
            types.append(String(cString: entry))
            index += 1
        }
        return types
    }
}

/// An artifact loaded through a plugin capability; freed once, in deinit.
final class LoadedArtifact: @unchecked Sendable {
    // @unchecked: the protocol makes a loaded model or transform immutable and safe to
    // use from several threads; the handle is freed once, in deinit.
    private let capability: ArtifactCapability
    private let handle: UnsafeMutableRawPointer
    /// The `describe` JSON.
    let description: JSONValue

    /// Loads `artifact` as the host would pick the plugin for it: by its media type
    /// when given, else by asking `accepts`.
    init(_ capability: ArtifactCapability, plugin: PluginUnderTest, artifact: [UInt8], mediaType: String?) throws {
        let what = capability.id
        if let mediaType, !mediaType.isEmpty {
            guard capability.mediaTypes.contains(mediaType) else {
                throw HarnessError("plugin \(plugin.id)'s \(what) does not read \(mediaType); it reads: \(capability.mediaTypes.joined(separator: ", "))")
            }
        } else {
            let accepted = artifact.withUnsafeBufferPointer { capability.accepts?($0.baseAddress, $0.count) ?? 0 }
            guard accepted == 1 else { throw HarnessError("plugin \(plugin.id)'s \(what) does not accept these bytes (accepts returned \(accepted))") }
        }
        guard let load = capability.load, capability.run != nil, capability.free != nil else {
            throw HarnessError("plugin \(plugin.id)'s \(what) lacks load, the transform or predict function, or free")
        }
        var errors = ErrorBuffer()
        var loaded: UnsafeMutableRawPointer?
        let status = errors.call { error, capacity in
            artifact.withUnsafeBufferPointer { bytes in load(bytes.baseAddress, bytes.count, &loaded, error, capacity) }
        }
        guard status == Status.ok.rawValue else { throw StageError(Status(code: status), errors.message) }
        guard let loaded else { throw HarnessError("plugin \(plugin.id)'s \(what) load returned OK but no handle") }
        self.capability = capability
        handle = loaded
        guard let text = capability.describe?(loaded), let parsed = try? JSONValue.parse(String(cString: text)) else {
            capability.free?(loaded)
            throw HarnessError("plugin \(plugin.id)'s \(what) gave no description, or one that is not JSON")
        }
        description = parsed
    }

    deinit { capability.free?(handle) }

    /// Runs `predict` or `apply` on `input`; throws the plugin's status as a `StageError`.
    func run(_ input: Table) throws -> Table {
        let inStream = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        let outStream = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        defer { inStream.deallocate(); outStream.deallocate() }
        inStream.initialize(to: ArrowArrayStream())
        outStream.initialize(to: ArrowArrayStream())
        try TableBridge.export(input, into: inStream)
        var errors = ErrorBuffer()
        let status = errors.call { error, capacity in capability.run?(handle, inStream, outStream, error, capacity) ?? Status.unsupported.rawValue }
        // The plugin consumes the input in every case; one that did not leaks nothing here.
        if inStream.pointee.release != nil { inStream.pointee.release?(inStream) }
        guard status == Status.ok.rawValue else {
            if outStream.pointee.release != nil { outStream.pointee.release?(outStream) }
            throw StageError(Status(code: status), errors.message)
        }
        guard outStream.pointee.release != nil else { throw HarnessError("\(capability.id) returned OK without an output stream") }
        return try TableBridge.importing(outStream)
    }

    /// The description decoded as `T` (SluiceKit's `ModelDescription` or `TransformDescription`).
    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try JSONValueDecoder().decode(T.self, from: description) } catch {
            throw HarnessError("the \(capability.id) description does not read as \(T.self): \(error); it is \(description.text)")
        }
    }
}
