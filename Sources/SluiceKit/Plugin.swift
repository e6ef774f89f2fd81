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
    // descriptors they point to are immutable C memory that live for the whole process.
    private let descriptor: UnsafePointer<sluice_plugin_v1>
    /// What a 1.0 host gets: the descriptor without the volatile stages, which a 1.0
    /// host (that does not know SLUICE_STAGE_VOLATILE) would wrongly reuse from its
    /// cache. The same as `descriptor` when no stage is volatile.
    private let descriptorFor10: UnsafePointer<sluice_plugin_v1>

    /// The build fingerprint of plugins compiled by this toolchain.
    public static var buildFingerprint: String { "swift " + String(cString: sluice_compiler_id()) }

    /// Describes the plugin. Builds the C descriptor once; it is never freed, since the
    /// host never unloads a Swift plugin.
    /// `models` are the model types the plugin's trainers write: listing them offers
    /// the model capability ("sluice.predict/1") so others can load and use them.
    /// `transforms` are the fitted transforms its transformers write: listing them
    /// offers "sluice.transform/1", so models trained after them serve raw rows.
    /// `start` runs once when a 1.1 host loads the plugin, before anything else, with
    /// the library's path (to find files installed beside it); throwing refuses the load
    /// with the error's message. A 1.0 host never calls it, so a plugin whose stages
    /// need it must check `Plugin.started`. `stop` runs at the host's normal exit.
    public init(
        id: String, version: String, description: String = "", stages: [any Stage.Type],
        models: [any PredictiveModel.Type] = [], transforms: [any FittedTransform.Type] = [],
        start: (@Sendable (_ pluginPath: String) throws -> Void)? = nil, stop: (@Sendable () -> Void)? = nil
    ) {
        registerModels(models)
        registerTransforms(transforms)
        registerLifecycle(start: start, stop: stop)
        let made = stages.map { (type: $0, descriptor: makeStageDescriptor($0)) }
        func descriptor(_ list: [UnsafePointer<sluice_stage_v1>]) -> UnsafePointer<sluice_plugin_v1> {
            let stagePointers = UnsafeMutablePointer<UnsafePointer<sluice_stage_v1>?>.allocate(capacity: max(list.count, 1))
            for (index, stage) in list.enumerated() { stagePointers[index] = stage }
            let plugin = UnsafeMutablePointer<sluice_plugin_v1>.allocate(capacity: 1)
            plugin.initialize(to: sluice_plugin_v1(
                struct_size: UInt32(MemoryLayout<sluice_plugin_v1>.size),
                abi_major: UInt32(SLUICE_ABI_MAJOR),
                abi_minor: UInt32(SLUICE_ABI_MINOR),
                id: permanentCString(id),
                version: permanentCString(version),
                description: permanentCString(description),
                build: permanentCString(Plugin.buildFingerprint),
                stage_count: UInt32(list.count),
                stages: UnsafePointer(stagePointers),
                get_extension: models.isEmpty && transforms.isEmpty ? nil : pluginGetExtension,
                init: start == nil && stop == nil ? nil : pluginInit,
                deinit: stop == nil ? nil : pluginDeinit
            ))
            return UnsafePointer(plugin)
        }
        self.descriptor = descriptor(made.map(\.descriptor))
        descriptorFor10 = made.contains { $0.type.volatile }
            ? descriptor(made.filter { !$0.type.volatile }.map(\.descriptor)) : self.descriptor
    }

    /// The body of `sluice_plugin_entry_v1`: the descriptor, or nil for a host of
    /// another major protocol version. A 1.0 host gets it without the volatile stages.
    public func entry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
        guard hostMajor == UInt32(SLUICE_ABI_MAJOR) else { return nil }
        return UnsafeRawPointer(hostMinor < 1 ? descriptorFor10 : descriptor)
    }

    /// Whether a host called the plugin's start (ABI 1.1 hosts do, 1.0 hosts never).
    public static var started: Bool { lifecycleStarted }

    /// The plugin library's path as the host gave it to start, when it did.
    public static var path: String? { lifecyclePath }
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
        destroy: stageDestroy,
        examples: type.examples.isEmpty ? nil : permanentCString(JSONValue.array(type.examples.map(\.json)).text)
    ))
    return UnsafePointer(stage)
}
