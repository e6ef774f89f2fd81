import SluiceKit

// sluice.deploy: the delivery end of a pipeline. Registers trained models, moves the
// registry's aliases (usually behind `approval: manual` and the gates), and exports
// self-contained bundles to ship a model to another machine.

let plugin = Plugin(
    id: "sluice.deploy",
    version: "1.0.0",
    description: "Registers models, promotes them to aliases, exports deployment bundles",
    stages: [RegisterModel.self, PromoteModel.self, ExportBundle.self]
)

@c(sluice_plugin_entry_v1)
public func sluicePluginEntry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
    plugin.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}
