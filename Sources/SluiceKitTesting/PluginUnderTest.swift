import CSluiceABI
import Foundation
import SluiceKit

/// A plugin as the host sees it: the C descriptor its entry point returns. Everything
/// the harness does goes through this descriptor and the C functions it names, never
/// through the plugin's Swift types, so a test exercises what the host will call.
public struct PluginUnderTest: @unchecked Sendable {
    // @unchecked: the descriptor is immutable C memory that lives for the whole process
    // (the protocol's rule for what the entry point returns).
    let descriptor: UnsafePointer<sluice_plugin_v1>
    let table: sluice_plugin_v1

    /// The plugin value a Swift plugin's entry point exports.
    public init(_ plugin: Plugin) throws {
        let entry = plugin.entry(hostMajor: UInt32(SLUICE_ABI_MAJOR), hostMinor: UInt32(SLUICE_ABI_MINOR))
        guard let entry else { throw HarnessError("the plugin returned no descriptor for protocol \(SLUICE_ABI_MAJOR).\(SLUICE_ABI_MINOR)") }
        try self.init(descriptor: entry.assumingMemoryBound(to: sluice_plugin_v1.self))
    }

    /// A plugin's shared library, loaded as the host loads it (dlopen, never unloaded),
    /// for testing a built plugin in any language. A Swift plugin must come from this
    /// toolchain, as in the host.
    public init(library path: String) throws {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            throw HarnessError("cannot load \(path): \(string(dlerror()) ?? "dlopen failed")")
        }
        guard let symbol = dlsym(handle, SLUICE_PLUGIN_ENTRY_V1_SYMBOL) else {
            throw HarnessError("\(path) exports no \(SLUICE_PLUGIN_ENTRY_V1_SYMBOL): it is not a Sluice plugin")
        }
        let entry = unsafeBitCast(symbol, to: sluice_plugin_entry_v1_fn.self)
        guard let descriptor = entry(UInt32(SLUICE_ABI_MAJOR), UInt32(SLUICE_ABI_MINOR)) else {
            throw HarnessError("\(path) returned no descriptor for protocol \(SLUICE_ABI_MAJOR).\(SLUICE_ABI_MINOR)")
        }
        try self.init(descriptor: descriptor)
        if build.hasPrefix("swift "), build != Plugin.buildFingerprint {
            throw HarnessError("\(path) was built by another Swift toolchain (\(build)); this one is \(Plugin.buildFingerprint). Rebuild it")
        }
    }

    private init(descriptor: UnsafePointer<sluice_plugin_v1>) throws {
        self.descriptor = descriptor
        table = readSized(UnsafeRawPointer(descriptor), as: sluice_plugin_v1.self, zero: sluice_plugin_v1())
        guard table.abi_major == UInt32(SLUICE_ABI_MAJOR) else {
            throw HarnessError("the plugin speaks protocol \(table.abi_major).\(table.abi_minor), not \(SLUICE_ABI_MAJOR).x")
        }
    }

    /// The plugin's id, e.g. "com.acme.features".
    public var id: String { string(table.id) ?? "" }
    /// The plugin's version.
    public var version: String { string(table.version) ?? "" }
    /// Its build fingerprint ("c", or "swift " and the compiler id).
    public var build: String { string(table.build) ?? "" }

    /// The ids of its stages, in declaration order.
    public var stageIDs: [String] { stages.map(\.id) }

    var stages: [StageUnderTest] {
        guard let list = table.stages else { return [] }
        return (0..<Int(table.stage_count)).compactMap { list[$0].map(StageUnderTest.init) }
    }

    /// The stage with this id, or an error listing those there are.
    func stage(_ id: String) throws -> StageUnderTest {
        guard let found = stages.first(where: { $0.id == id }) else {
            throw HarnessError("plugin \(self.id) has no stage '\(id)'; it has: \(stageIDs.joined(separator: ", "))")
        }
        return found
    }

    /// A plugin capability ("sluice.predict/1", "sluice.transform/1"), or nil.
    func capability(_ id: String) -> UnsafeRawPointer? {
        table.get_extension?(id)
    }
}

/// One stage of the plugin's descriptor, with its ports read out.
struct StageUnderTest: @unchecked Sendable {
    // @unchecked: points into the plugin's permanent, immutable descriptor.
    struct PortInfo: Sendable {
        let name: String
        let kind: PortKind
        let optional: Bool
    }

    let pointer: UnsafePointer<sluice_stage_v1>
    let table: sluice_stage_v1
    let inputs: [PortInfo]
    let outputs: [PortInfo]

    init(_ pointer: UnsafePointer<sluice_stage_v1>) {
        self.pointer = pointer
        table = readSized(UnsafeRawPointer(pointer), as: sluice_stage_v1.self, zero: sluice_stage_v1())
        inputs = Self.ports(table.inputs, table.input_count)
        outputs = Self.ports(table.outputs, table.output_count)
    }

    var id: String { string(table.id) ?? "" }
    var configSchema: String { string(table.config_schema) ?? "" }

    private static func ports(_ list: UnsafePointer<UnsafePointer<sluice_port_v1>?>?, _ count: UInt32) -> [PortInfo] {
        guard let list else { return [] }
        return (0..<Int(count)).compactMap { index in
            guard let entry = list[index] else { return nil }
            let port = readSized(UnsafeRawPointer(entry), as: sluice_port_v1.self, zero: sluice_port_v1())
            // An unknown kind is carried as bytes, as the host treats anything but a table.
            return PortInfo(name: string(port.name) ?? "", kind: PortKind(rawValue: port.kind) ?? .blob,
                            optional: port.flags & UInt32(SLUICE_PORT_OPTIONAL.rawValue) != 0)
        }
    }
}
