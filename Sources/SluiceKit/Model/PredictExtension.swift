import CSluiceABI

// The plugin side of "sluice.predict/1": one C table per plugin image, dispatching to
// the model types the plugin listed (see ArtifactCapabilities.swift).

nonisolated(unsafe) private var modelKinds: [ArtifactKind] = []
// nonisolated(unsafe): written once by Plugin.init, then only read.

/// Builds the table for `models`; called once from `Plugin.init`.
func registerModels(_ models: [any PredictiveModel.Type]) {
    guard !models.isEmpty, predictTable == nil else { return }
    modelKinds = models.map { type in
        ArtifactKind(mediaTypes: type.mediaTypes, accepts: type.accepts(prefix:)) { bytes, host in
            let model = try type.init(artifact: bytes, host: host)
            return try LoadedArtifactBox(description: model.modelDescription, run: model.predict)
        }
    }
    let table = UnsafeMutablePointer<sluice_predict_v1>.allocate(capacity: 1)
    table.initialize(to: sluice_predict_v1(
        struct_size: UInt32(MemoryLayout<sluice_predict_v1>.size),
        media_types: mediaTypeList(modelKinds),
        accepts: { data, size in acceptsArtifact(modelKinds, data, size) },
        load: { data, size, out, error, capacity in loadArtifact(modelKinds, what: "model", data, size, out, error, capacity) },
        describe: describeArtifact,
        predict: runArtifact,
        free: freeArtifact,
        // 1.1: the host's model host, so a model can log; plugin_data is unused (SluiceKit
        // plugins keep their state in Swift globals).
        load_with_host: { _, host, data, size, out, error, capacity in
            loadArtifact(modelKinds, what: "model", data, size, out, error, capacity, host: ModelHost(host))
        }
    ))
    predictTable = UnsafePointer(table)
}
