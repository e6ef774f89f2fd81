/// How `sluice serve` listens and behaves; the command line fills it in.
package struct ServeConfiguration: Sendable {
    /// Loopback by default: exposing a model to the network is a decision to make explicitly.
    package var host = "127.0.0.1"
    /// 0 picks a free port (printed at start-up).
    package var port = 8080
    /// Larger request bodies are refused with 413.
    package var maxBodyBytes = 16 << 20
    /// Bearer token for /admin; nil disables the admin endpoints.
    package var adminToken: String?
    /// How often the served plan's revision is checked.
    package var pollInterval: Duration = .seconds(1)
    /// Where predictions are logged and how; nil logs nothing.
    package var predictionLog: PredictionLogConfiguration?
    /// The project whose latest drift reports /metrics shows as gauges; nil shows none
    /// (a model file served outside a project).
    package var driftReports: DriftGauges.Source?

    package init() {}
}

/// Where the prediction log goes and how much of the traffic it keeps.
package struct PredictionLogConfiguration: Sendable {
    /// The folder for this model's files, e.g. `PROJECT/.sluice/predictions/NAME`.
    package var directory: String
    package var settings: PredictionLog.Settings

    package init(directory: String, settings: PredictionLog.Settings) {
        self.directory = directory
        self.settings = settings
    }
}
