import SluiceKit
import SluiceLinear

/// Stage `linear`: ordinary least squares, as scikit-learn's `LinearRegression`.
/// Collinear features fail with a message naming them (scikit-learn would silently
/// pick one of infinitely many solutions).
struct LinearStage: Trainer {
    static let id = "linear"
    static let summary = "Ordinary least squares (scikit-learn's LinearRegression)"
    static let configSchema = #"{"type":"object","additionalProperties":false,"properties":{"# + TrainerPorts.commonProperties + "}}"
    static let inputs = TrainerPorts.inputs
    static let outputs = TrainerPorts.outputs

    let config: CommonConfig
    let host: HostServices

    init(config: CommonConfig, host: HostServices) throws {
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let solver = LinearRegression(fitIntercept: config.fitIntercept)
        try RegressionFit.run(call, host: host, config: config, stage: Self.id,
                              hyperparameters: .init(fitIntercept: config.fitIntercept)) { x, y throws(LinearModelError) in
            try solver.fit(x, y)
        }
    }
}
