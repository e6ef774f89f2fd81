import SluiceKit

// sluice.gates: the quality gates of CD4ML. Every stage is a tester: it loads the
// model on its `model` input through the host ("sluice.models/1", so it works with
// models of any plugin), predicts the `test` table, measures, writes a JSON report,
// and fails with a gate failure (exit code 5 for the run) when the model is not good
// enough. Metrics and gate outcomes are logged through the host whether the gates
// pass or fail, so a failed run still records why.

let plugin = Plugin(
    id: "sluice.gates",
    version: "1.0.0",
    description: "Quality gates: metrics, champion, fairness, invariance and equivalence testers",
    stages: [MetricsStage.self, ChampionStage.self, FairnessStage.self, InvarianceStage.self, EquivalenceStage.self]
)

@c(sluice_plugin_entry_v1)
public func sluicePluginEntry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
    plugin.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}
