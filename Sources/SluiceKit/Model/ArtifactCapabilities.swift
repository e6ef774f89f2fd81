import CSluiceABI
import Foundation

// What "sluice.predict/1" and "sluice.transform/1" share on the plugin side: both load
// an artifact into an immutable object that describes itself as JSON and turns one
// table into another. The protocol's `get_extension` has no context argument, so each
// capability's C table lives in a global of this image (each plugin links its own copy
// of SluiceKit and is loaded RTLD_LOCAL, so plugins never share them).

nonisolated(unsafe) var predictTable: UnsafePointer<sluice_predict_v1>?
nonisolated(unsafe) var transformTable: UnsafePointer<sluice_transform_v1>?
// nonisolated(unsafe): written once by Plugin.init (before the host can ask for an
// extension, since it gets the descriptor first), then only read.

/// The plugin's `get_extension`.
let pluginGetExtension: @convention(c) (UnsafePointer<CChar>?) -> UnsafeRawPointer? = { id in
    guard let id else { return nil }
    switch String(cString: id) {
    case SLUICE_EXT_PREDICT: return predictTable.map(UnsafeRawPointer.init)
    case SLUICE_EXT_TRANSFORM: return transformTable.map(UnsafeRawPointer.init)
    default: return nil
    }
}

/// A loaded model or fitted transform, with its description as a C string, kept
/// together for the host. @unchecked: immutable after init; the C string is freed
/// once in deinit.
final class LoadedArtifactBox: @unchecked Sendable {
    let run: @Sendable (Table) throws -> Table
    let descriptionJSON: UnsafeMutablePointer<CChar>

    init(description: some Encodable, run: @escaping @Sendable (Table) throws -> Table) throws {
        self.run = run
        descriptionJSON = strdup(try JSONValueEncoder().encode(description).text)
    }

    /// The parts applied in turn, in Swift: one crossing of the C boundary for all.
    init(composing parts: [LoadedArtifactBox]) {
        run = { table in try parts.reduce(table) { try $1.run($0) } }
        descriptionJSON = strdup("[" + parts.map { String(cString: $0.descriptionJSON) }.joined(separator: ",") + "]")
    }

    deinit { free(descriptionJSON) }

    static func from(_ pointer: UnsafeMutableRawPointer) -> LoadedArtifactBox {
        Unmanaged<LoadedArtifactBox>.fromOpaque(pointer).takeUnretainedValue()
    }
}

/// A kind of artifact a plugin loads: its media types, its format check and its loader,
/// which gets the model host when the host gave one (ABI 1.1 `load_with_host`).
struct ArtifactKind {
    let mediaTypes: [String]
    let accepts: ([UInt8]) -> Bool
    let load: ([UInt8], ModelHost) throws -> LoadedArtifactBox

    init(mediaTypes: [String], accepts: @escaping ([UInt8]) -> Bool, load: @escaping ([UInt8]) throws -> LoadedArtifactBox) {
        self.init(mediaTypes: mediaTypes, accepts: accepts, loadWithHost: { bytes, _ in try load(bytes) })
    }

    init(mediaTypes: [String], accepts: @escaping ([UInt8]) -> Bool, loadWithHost: @escaping ([UInt8], ModelHost) throws -> LoadedArtifactBox) {
        self.mediaTypes = mediaTypes
        self.accepts = accepts
        self.load = loadWithHost
    }
}

/// The NULL-terminated C list of `kinds`' media types, kept for the process.
func mediaTypeList(_ kinds: [ArtifactKind]) -> UnsafePointer<UnsafePointer<CChar>?> {
    let types = kinds.flatMap(\.mediaTypes)
    let list = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: types.count + 1)
    for (index, type) in types.enumerated() { list[index] = permanentCString(type) }
    list[types.count] = nil
    return UnsafePointer(list)
}

/// `accepts` over `kinds`.
func acceptsArtifact(_ kinds: [ArtifactKind], _ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let prefix = Array(UnsafeBufferPointer(start: data, count: min(size, 4096)))
    return kinds.contains { $0.accepts(prefix) } ? 1 : 0
}

/// `load` over `kinds`: the kind that accepts the bytes (or the only one) loads them.
func loadArtifact(
    _ kinds: [ArtifactKind], what: String, _ data: UnsafePointer<UInt8>?, _ size: Int, _ out: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ error: UnsafeMutablePointer<CChar>?, _ capacity: Int, host: ModelHost = .none
) -> Int32 {
    guard let out, data != nil || size == 0 else {
        writeMessage("load needs artifact bytes and a place for the \(what)", into: error, capacity: capacity)
        return Status.invalidArgument.rawValue
    }
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let prefix = Array(bytes.prefix(4096))
    guard let kind = kinds.first(where: { $0.accepts(prefix) }) ?? (kinds.count == 1 ? kinds[0] : nil) else {
        writeMessage("not a \(what) artifact this plugin reads (it reads \(kinds.flatMap(\.mediaTypes).joined(separator: ", ")))", into: error, capacity: capacity)
        return Status.unsupported.rawValue
    }
    return reportingStatus(error, capacity) {
        out.pointee = Unmanaged.passRetained(try kind.load(bytes, host)).toOpaque()
    }
}

/// `describe` of either capability.
let describeArtifact: @convention(c) (UnsafeMutableRawPointer?) -> UnsafePointer<CChar>? = { handle in
    guard let handle else { return nil }
    return UnsafePointer(LoadedArtifactBox.from(handle).descriptionJSON)
}

/// `predict` / `apply`: imports the input (consuming it), runs, exports the result.
let runArtifact: @convention(c) (
    UnsafeMutableRawPointer?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<ArrowArrayStream>?,
    UnsafeMutablePointer<CChar>?, Int
) -> Int32 = { handle, input, out, error, capacity in
    guard let handle, let input, let out, input.pointee.release != nil else {
        if let input { input.pointee.release?(input) }
        writeMessage("this call needs a loaded artifact, a live input stream and an output stream", into: error, capacity: capacity)
        return Status.invalidArgument.rawValue
    }
    return reportingStatus(error, capacity) {
        // Table.importing releases the input stream whatever happens: the consume rule.
        let table = try Table.importing(input, port: "input")
        try LoadedArtifactBox.from(handle).run(table).export(into: out)
    }
}

/// `compose` of "sluice.transform/1": the composed box holds its parts.
let composeArtifacts: @convention(c) (
    UnsafePointer<UnsafeMutableRawPointer?>?, Int, UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<CChar>?, Int
) -> Int32 = { parts, count, out, error, capacity in
    guard let parts, let out, count > 0 else {
        writeMessage("compose needs at least one fitted transform and a place for the result", into: error, capacity: capacity)
        return Status.invalidArgument.rawValue
    }
    var boxes: [LoadedArtifactBox] = []
    for index in 0..<count {
        guard let part = parts[index] else {
            writeMessage("compose: fitted transform #\(index) is NULL", into: error, capacity: capacity)
            return Status.invalidArgument.rawValue
        }
        boxes.append(LoadedArtifactBox.from(part))
    }
    out.pointee = Unmanaged.passRetained(LoadedArtifactBox(composing: boxes)).toOpaque()
    return Status.ok.rawValue
}

/// `free` of either capability.
let freeArtifact: @convention(c) (UnsafeMutableRawPointer?) -> Void = { handle in
    guard let handle else { return }
    Unmanaged<LoadedArtifactBox>.fromOpaque(handle).release()
}

/// Runs `body`, turning a thrown error into a protocol status and message.
private func reportingStatus(_ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int, _ body: () throws -> Void) -> Int32 {
    do {
        try body()
        return Status.ok.rawValue
    } catch {
        return report(error, buffer, capacity)
    }
}
