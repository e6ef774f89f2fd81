import CSluiceABI

// The plugin side of "sluice.transform/1": one C table per plugin image, dispatching
// to the fitted-transform types the plugin listed (see ArtifactCapabilities.swift).

nonisolated(unsafe) private var transformKinds: [ArtifactKind] = []
// nonisolated(unsafe): written once by Plugin.init, then only read.

/// Builds the table for `transforms`; called once from `Plugin.init`.
func registerTransforms(_ transforms: [any FittedTransform.Type]) {
    guard !transforms.isEmpty, transformTable == nil else { return }
    transformKinds = transforms.map { type in
        ArtifactKind(mediaTypes: type.mediaTypes, accepts: type.accepts(prefix:)) { bytes in
            let transform = try type.init(artifact: bytes)
            return try LoadedArtifactBox(description: transform.transformDescription, run: transform.apply)
        }
    }
    let table = UnsafeMutablePointer<sluice_transform_v1>.allocate(capacity: 1)
    table.initialize(to: sluice_transform_v1(
        struct_size: UInt32(MemoryLayout<sluice_transform_v1>.size),
        media_types: mediaTypeList(transformKinds),
        accepts: { data, size in acceptsArtifact(transformKinds, data, size) },
        load: { data, size, out, error, capacity in loadArtifact(transformKinds, what: "fitted transform", data, size, out, error, capacity) },
        describe: describeArtifact,
        apply: runArtifact,
        free: freeArtifact,
        compose: composeArtifacts
    ))
    transformTable = UnsafePointer(table)
}
