import SluiceKit

// sluice.transforms: the standard data transforms between loading data and training.
//
// Every stage reads and writes tables (Arrow, through the SDK's `Table`), keeps the
// target column the loader named in the table metadata (`sluice.target`) and passes
// the metadata on. Stages that learn something (standardize, one_hot, impute) fit on
// their `train` input only, apply the fit to `train` and to the optional `test` input,
// and publish what they learnt as a JSON report port and artifact, which the plugin's
// fitted-transform capability ("sluice.transform/1") loads back to apply the same
// transform at serving time.

let plugin = Plugin(
    id: "sluice.transforms",
    version: "1.0.0",
    description: "Standard data transforms: split, standardize, one_hot, impute, select, filter",
    stages: [Split.self, Standardize.self, OneHot.self, Impute.self, Select.self, Filter.self],
    // What standardize, one_hot and impute fit is applied again at serving time:
    // the host composes it with every model trained after them.
    transforms: [FittedStandardize.self, FittedOneHot.self, FittedImpute.self]
)

@c(sluice_plugin_entry_v1)
public func sluicePluginEntry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
    plugin.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}
