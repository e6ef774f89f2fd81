import Foundation
import SluiceKit
import SluiceLinear

/// Stage `ridge`: least squares with an L2 penalty `alpha` on the coefficients (not
/// the intercept), as scikit-learn's `Ridge`.
struct RidgeStage: Trainer {
    struct Config: Decodable {
        var common: CommonConfig
        var alpha: Double

        enum CodingKeys: String, CodingKey { case alpha }

        init(from decoder: any Decoder) throws {
            common = try CommonConfig(from: decoder)
            alpha = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Double.self, forKey: .alpha) ?? 1.0
        }
    }

    static let id = "ridge"
    static let summary = "Ridge regression: least squares with an L2 penalty (scikit-learn's Ridge)"
    static let configSchema = #"{"type":"object","additionalProperties":false,"properties":{"#
        + #""alpha":{"type":"number","minimum":0,"default":1.0,"description":"the L2 penalty; larger shrinks the coefficients more"},"#
        + TrainerPorts.commonProperties + "}}"
    static let inputs = TrainerPorts.inputs
    static let outputs = TrainerPorts.outputs

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        guard config.alpha.isFinite, config.alpha >= 0 else {
            throw StageError.invalidConfig("'alpha' must be a finite number >= 0, got \(config.alpha)")
        }
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let solver = Ridge(alpha: config.alpha, fitIntercept: config.common.fitIntercept)
        try RegressionFit.run(call, host: host, config: config.common, stage: Self.id,
                              hyperparameters: .init(fitIntercept: config.common.fitIntercept, alpha: config.alpha)) { x, y throws(LinearModelError) in
            try solver.fit(x, y)
        }
    }
}
