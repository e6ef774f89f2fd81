import SluiceKit

// sluice.drift: monitors that close the CD4ML loop. `predictions` reads what the model
// server logged; `reference` finds what the production model was trained on; `drift`
// compares the two (the statistics live in SluiceDrift, pure Swift, tested against scipy);
// `performance` scores the logged predictions once true labels arrive (the metrics
// and gate syntax are SluiceMetrics', shared with sluice.gates).

let plugin = Plugin(
    id: "sluice.drift",
    version: "1.0.0",
    description: "Monitors: the prediction log as tables, data drift (PSI, Kolmogorov–Smirnov, chi-squared, null and unseen-category shares) and performance once labels arrive",
    // In the order `sluice plugins inspect` lists them: the loaders first (the log, the
    // training data), then the monitors that read them. One stage per line; add new ones here.
    stages: [
        PredictionsStage.self,
        ReferenceStage.self,
        DriftStage.self,
        PerformanceStage.self,
    ]
)

@c(sluice_plugin_entry_v1)
public func sluicePluginEntry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
    plugin.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}
