import CSluiceABI
import Foundation

// The plugin side of "sluice.predict/1": one C table per plugin image, dispatching to
// the model types the plugin listed. The protocol's `get_extension` has no context
// argument, so the table lives in a global of this image (each plugin links its own
// copy of SluiceKit and is loaded RTLD_LOCAL, so plugins never share it).

nonisolated(unsafe) private var predictTable: UnsafePointer<sluice_predict_v1>?
nonisolated(unsafe) private var registeredModels: [any PredictiveModel.Type] = []
// nonisolated(unsafe): written once by Plugin.init (before the host can ask for the
// extension, since it gets the descriptor first), then only read.

/// The plugin's `get_extension`.
let pluginGetExtension: @convention(c) (UnsafePointer<CChar>?) -> UnsafeRawPointer? = { id in
    guard let id, String(cString: id) == "sluice.predict/1", let table = predictTable else { return nil }
    return UnsafeRawPointer(table)
}

/// Builds the table for `models`; called once from `Plugin.init`.
func registerModels(_ models: [any PredictiveModel.Type]) {
    guard !models.isEmpty, predictTable == nil else { return }
    registeredModels = models
    let types = models.flatMap { $0.mediaTypes }
    let list = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: types.count + 1)
    for (index, type) in types.enumerated() { list[index] = permanentCString(type) }
    list[types.count] = nil
    let table = UnsafeMutablePointer<sluice_predict_v1>.allocate(capacity: 1)
    table.initialize(to: sluice_predict_v1(
        struct_size: UInt32(MemoryLayout<sluice_predict_v1>.size),
        media_types: UnsafePointer(list),
        accepts: { data, size in
            guard let data else { return 0 }
            let prefix = Array(UnsafeBufferPointer(start: data, count: min(size, 4096)))
            return registeredModels.contains { $0.accepts(prefix: prefix) } ? 1 : 0
        },
        load: modelLoad,
        describe: { model in
            guard let model else { return nil }
            return UnsafePointer(LoadedModelBox.from(model).descriptionJSON)
        },
        predict: modelPredict,
        free: { model in
            guard let model else { return }
            Unmanaged<LoadedModelBox>.fromOpaque(model).release()
        }
    ))
    predictTable = UnsafePointer(table)
}

/// A loaded model and its description as a C string, kept together for the host.
private final class LoadedModelBox: @unchecked Sendable {
    // @unchecked: immutable after init; the C string is freed once in deinit.
    let model: any PredictiveModel
    let descriptionJSON: UnsafeMutablePointer<CChar>

    init(_ model: any PredictiveModel) throws {
        self.model = model
        descriptionJSON = strdup(try JSONValueEncoder().encode(model.modelDescription).text)
    }

    deinit { free(descriptionJSON) }

    static func from(_ pointer: UnsafeMutableRawPointer) -> LoadedModelBox {
        Unmanaged<LoadedModelBox>.fromOpaque(pointer).takeUnretainedValue()
    }
}

private let modelLoad: @convention(c) (
    UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<CChar>?, Int
) -> Int32 = { data, size, out, error, capacity in
    guard let out, data != nil || size == 0 else {
        writeMessage("load needs artifact bytes and a place for the model", into: error, capacity: capacity)
        return Status.invalidArgument.rawValue
    }
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let prefix = Array(bytes.prefix(4096))
    let candidates = registeredModels.filter { $0.accepts(prefix: prefix) }
    guard let type = candidates.first ?? (registeredModels.count == 1 ? registeredModels[0] : nil) else {
        writeMessage("not a model artifact this plugin reads (it reads \(registeredModels.flatMap { $0.mediaTypes }.joined(separator: ", ")))", into: error, capacity: capacity)
        return Status.unsupported.rawValue
    }
    return reportingStatus(error, capacity) {
        let box = try LoadedModelBox(try type.init(artifact: bytes))
        out.pointee = Unmanaged.passRetained(box).toOpaque()
    }
}

private let modelPredict: @convention(c) (
    UnsafeMutableRawPointer?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<ArrowArrayStream>?,
    UnsafeMutablePointer<CChar>?, Int
) -> Int32 = { model, input, out, error, capacity in
    guard let model, let input, let out, input.pointee.release != nil else {
        if let input { input.pointee.release?(input) }
        writeMessage("predict needs a model, a live input stream and an output stream", into: error, capacity: capacity)
        return Status.invalidArgument.rawValue
    }
    return reportingStatus(error, capacity) {
        // Table.importing releases the input stream whatever happens: the consume rule.
        let table = try Table.importing(input, port: "input")
        let predictions = try LoadedModelBox.from(model).model.predict(table)
        predictions.export(into: out)
    }
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
