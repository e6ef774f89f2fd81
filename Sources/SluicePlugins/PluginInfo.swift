import CSluiceABI
import SluiceJSON

/// The kinds of stage, by the names pipelines and the CLI use.
package enum StageKind: Int32, CaseIterable, Sendable, Codable {
    case loader = 1, transformer, trainer, tester, deployer, monitor

    package var name: String { String(describing: self) }
}

/// What flows through a port.
package enum PortKind: Int32, CaseIterable, Sendable {
    case table = 1, model, report, blob

    package var name: String { String(describing: self) }
}

/// An input or output a stage declares.
package struct PortInfo: Sendable, Equatable {
    package let name: String
    package let kind: PortKind
    package let optional: Bool
    package let description: String

    package init(name: String, kind: PortKind, optional: Bool, description: String) {
        self.name = name
        self.kind = kind
        self.optional = optional
        self.description = description
    }
}

/// Pointers into a plugin's descriptor. @unchecked Sendable: the protocol requires the
/// descriptor to be immutable and to live for the whole process (plugins are never
/// unloaded), so sharing these pointers across threads is safe.
package struct StageHandle: @unchecked Sendable {
    package let stage: UnsafePointer<sluice_stage_v1>
    /// The stage struct as read with its declared size (absent fields are zero).
    package let table: sluice_stage_v1
}

/// A stage of a loaded plugin.
package struct StageInfo: Sendable {
    package let id: String
    package let kind: StageKind
    package let version: String
    package let description: String
    /// The stage's config JSON Schema.
    package let configSchema: JSONValue
    package let threadSafe: Bool
    /// It reads live state outside its inputs and config: its outputs are never reused.
    package let volatile: Bool
    package let inputs: [PortInfo]
    package let outputs: [PortInfo]
    /// The runnable examples it declares (ABI 1.1), checked when the plugin loaded.
    package let examples: [StageExample]
    package let handle: StageHandle
}

/// A plugin the host found and loaded.
package struct PluginInfo: Sendable {
    package let id: String
    package let version: String
    package let description: String
    /// The build fingerprint: "c", or "swift <compiler id>".
    package let build: String
    /// The protocol version the plugin was built against.
    package let abiMajor: UInt32
    package let abiMinor: UInt32
    /// The file it was loaded from.
    package let path: String
    /// Which part of the search path it came from ("project", "SLUICE_PLUGIN_PATH", "built-in", "config").
    package let origin: String
    package let stages: [StageInfo]
    package let extensions: ExtensionLookup
    /// What the plugin's `init` stored (ABI 1.1), for its capabilities; nil pointer when none.
    package let pluginData: PluginData

    /// Built by another Swift toolchain than this sluice: its code runs only in a
    /// worker process (see `PluginLoader.load`).
    package var foreignToolchain: Bool { PluginLoader.isForeignToolchain(build) }

    package func stage(_ id: String) -> StageInfo? {
        stages.first { $0.id == id }
    }

    /// Whether the plugin offers the capability with this versioned id.
    package func hasExtension(_ id: String) -> Bool {
        extensions.lookup(id) != nil
    }
}

/// The plugin's `get_extension`, if it has one. @unchecked Sendable: a C function
/// pointer the protocol declares callable from any thread.
package struct ExtensionLookup: @unchecked Sendable {
    package let function: (@convention(c) (UnsafePointer<CChar>?) -> UnsafeRawPointer?)?

    package func lookup(_ id: String) -> UnsafeRawPointer? {
        function?(id)
    }
}
