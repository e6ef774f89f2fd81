import SluiceKit

// sluice.onnx: models trained anywhere (scikit-learn, XGBoost, LightGBM through their
// ONNX converters) gated, registered, served and monitored like Sluice's own. The
// interpreter is the SluiceONNX library; this plugin maps tables to the graph's input
// tensors and its outputs back to `prediction` and `probability_<label>` columns.

/// The plugin's version, recorded in the metadata of every model it imports.
let pluginVersion = "1.0.0"

let plugin = Plugin(
    id: "sluice.onnx",
    version: pluginVersion,
    description: "ONNX models (scikit-learn, XGBoost, LightGBM converters): import, check and predict natively",
    stages: [ImportStage.self],
    models: [ONNXPredictiveModel.self]
)

@c(sluice_plugin_entry_v1)
public func sluicePluginEntry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
    plugin.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}
