import SluiceKit

// sluice.linear: the built-in trainer. Three stages fit linear models on a table
// (the numerics are the SluiceLinear library, which matches scikit-learn) and write
// the model as a `sluice.linear/1` JSON artifact (MODEL_FORMAT.md beside this folder);
// `LinearModel` is the model capability that loads that artifact back and predicts,
// so the server, `sluice predict` and the testers use it without knowing this plugin.

/// The plugin's version, recorded in every artifact it writes.
let pluginVersion = "1.0.0"

let plugin = Plugin(
    id: "sluice.linear",
    version: pluginVersion,
    description: "Linear models matching scikit-learn: ordinary least squares, ridge, logistic regression",
    stages: [LinearStage.self, RidgeStage.self, LogisticStage.self],
    models: [LinearModel.self]
)

@c(sluice_plugin_entry_v1)
public func sluicePluginEntry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
    plugin.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}
