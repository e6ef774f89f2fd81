/// The pipeline file's `monitor:` section: how `sluice monitor` runs the monitoring
/// stages and what it does when they find drift.
///
/// ```yaml
/// monitor:
///   window: 1h                 # the default for --window
///   on_drift:                  # default: [alert]
///     - alert                  # record an alert event in the run and print it
///     - webhook: http://127.0.0.1:9000/drift   # POST the drift summary as JSON
///     - retrain                # run the training stages of this pipeline again
///     # or: - retrain: train.yaml  (another pipeline file, relative to this one)
/// ```
package struct MonitorSettings: Sendable, Equatable {
    package enum Action: Sendable, Equatable {
        case alert
        case webhook(url: String)
        /// nil: this pipeline's own training stages.
        case retrain(pipeline: String?)
    }

    package var window: MonitorWindow?
    package var onDrift: [Action] = [.alert]

    package init(window: MonitorWindow? = nil, onDrift: [Action] = [.alert]) {
        self.window = window
        self.onDrift = onDrift
    }
}
