import SluiceKit

// sluice.drift: monitors that compare the data a model sees now with the data it was
// trained on. The statistics live in SluiceDrift (pure Swift, tested against scipy);
// this plugin turns tables into samples, applies thresholds, reports and gates.

let plugin = Plugin(
    id: "sluice.drift",
    version: "1.0.0",
    description: "Data drift monitors: PSI, Kolmogorov–Smirnov and chi-squared per feature, null and unseen-category shares",
    stages: [DriftStage.self, ReferenceStage.self]
)

@c(sluice_plugin_entry_v1)
public func sluicePluginEntry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
    plugin.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}
