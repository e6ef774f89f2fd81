import SluiceKit

// sluice.exec: runs a data scientist's existing command or script as a pipeline stage.

let plugin = Plugin(
    id: "sluice.exec",
    version: "1.0.0",
    description: "Runs a command as a stage: params in, metrics and files out",
    stages: [RunCommand.self]
)

@c(sluice_plugin_entry_v1)
public func sluicePluginEntry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
    plugin.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}
