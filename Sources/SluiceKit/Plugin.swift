import CSluiceABI

/// A plugin: its identity and its stages, exported through the C protocol.
///
/// A Swift plugin declares one and exports the entry point with it:
///
/// ```swift
/// let plugin = Plugin(id: "com.acme.features", version: "1.0.0",
///                     description: "Acme's feature stages", stages: [Clip.self])
///
/// @c(sluice_plugin_entry_v1)
/// public func sluicePluginEntry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
///     plugin.entry(hostMajor: hostMajor, hostMinor: hostMinor)
/// }
/// ```
public final class Plugin: @unchecked Sendable {
    // @unchecked: all stored properties are set once in init and never mutated; the
    // descriptor they point to is immutable C memory that lives for the whole process.
    private let descriptor: UnsafePointer<sluice_plugin_v1>

    /// The build fingerprint of plugins compiled by this toolchain.
    public static var buildFingerprint: String { "swift " + String(cString: sluice_compiler_id()) }

    /// Describes the plugin. Builds the C descriptor once; it is never freed, since the
    /// host never unloads a Swift plugin.
    /// `models` are the model types the plugin's trainers write: listing them offers
    /// the model capability ("sluice.predict/1") so others can load and use them.
    /// `transforms` are the fitted transforms its transformers write: listing them
    /// offers "sluice.transform/1", so models trained after them serve raw rows.
    public init(
        id: String, version: String, description: String = "", stages: [any Stage.Type],
        models: [any PredictiveModel.Type] = [], transforms: [any FittedTransform.Type] = []
    ) {
        registerModels(models)
        registerTransforms(transforms)
        let stagePointers = UnsafeMutablePointer<UnsafePointer<sluice_stage_v1>?>.allocate(capacity: max(stages.count, 1))
        for (index, stage) in stages.enumerated() {
            stagePointers[index] = makeStageDescriptor(stage)
        }
        let plugin = UnsafeMutablePointer<sluice_plugin_v1>.allocate(capacity: 1)
        plugin.initialize(to: sluice_plugin_v1(
            struct_size: UInt32(MemoryLayout<sluice_plugin_v1>.size),
            abi_major: UInt32(SLUICE_ABI_MAJOR.rawValue),
            abi_minor: UInt32(SLUICE_ABI_MINOR.rawValue),
            id: permanentCString(id),
            version: permanentCString(version),
            description: permanentCString(description),
            build: permanentCString(Plugin.buildFingerprint),
            stage_count: UInt32(stages.count),
            stages: UnsafePointer(stagePointers),
            get_extension: models.isEmpty && transforms.isEmpty ? nil : pluginGetExtension
        ))
        descriptor = UnsafePointer(plugin)
    }

    /// The body of `sluice_plugin_entry_v1`: the descriptor, or nil for a host of
    /// another major protocol version.
    public func entry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
        guard hostMajor == UInt32(SLUICE_ABI_MAJOR.rawValue) else { return nil }
        return UnsafeRawPointer(descriptor)
    }
}

/// Builds the permanent C descriptor of one stage type.
private func makeStageDescriptor(_ type: any Stage.Type) -> UnsafePointer<sluice_stage_v1> {
    func ports(_ list: [Port]) -> UnsafePointer<UnsafePointer<sluice_port_v1>?>? {
        guard !list.isEmpty else { return nil }
        let array = UnsafeMutablePointer<UnsafePointer<sluice_port_v1>?>.allocate(capacity: list.count)
        for (index, port) in list.enumerated() {
            let entry = UnsafeMutablePointer<sluice_port_v1>.allocate(capacity: 1)
            entry.initialize(to: sluice_port_v1(
                struct_size: UInt32(MemoryLayout<sluice_port_v1>.size),
                name: permanentCString(port.name),
                kind: port.kind.rawValue,
                flags: port.optional ? UInt32(SLUICE_PORT_OPTIONAL.rawValue) : 0,
                description: permanentCString(port.description)
            ))
            array[index] = UnsafePointer(entry)
        }
        return UnsafePointer(array)
    }

    let factory = Unmanaged.passRetained(StageFactory(type)).toOpaque()
    let stage = UnsafeMutablePointer<sluice_stage_v1>.allocate(capacity: 1)
    stage.initialize(to: sluice_stage_v1(
        struct_size: UInt32(MemoryLayout<sluice_stage_v1>.size),
        id: permanentCString(type.id),
        kind: type.kind.rawValue,
        version: permanentCString(type.version),
        description: permanentCString(type.summary),
        config_schema: permanentCString(type.configSchema),
        flags: type.volatile ? UInt32(SLUICE_STAGE_VOLATILE.rawValue) : 0,
        input_count: UInt32(type.inputs.count),
        inputs: ports(type.inputs),
        output_count: UInt32(type.outputs.count),
        outputs: ports(type.outputs),
        stage_data: factory,
        create: stageCreate,
        run: stageRun,
        destroy: stageDestroy
    ))
    return UnsafePointer(stage)
}
