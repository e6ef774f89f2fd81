import SluiceKit

// sluice.csv: the built-in loader of tabular files (CSV, TSV, JSON Lines) into tables.

let plugin = Plugin(
    id: "sluice.csv",
    version: "1.0.0",
    description: "Loads CSV, TSV and JSON Lines files as tables",
    stages: [LoadStage.self]
)

@c(sluice_plugin_entry_v1)
public func sluicePluginEntry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
    plugin.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}
