import Foundation
import SluiceKit
import SluiceLinear

/// Stage `logistic`: L2-regularised logistic regression, as scikit-learn's
/// `LogisticRegression` (lbfgs, penalty l2): binary for two classes, multinomial for
/// more. Solved to the gradient tolerance `tol` within `max_iter` iterations; the
/// iterations and whether it converged are logged and recorded, with a warning when
/// it did not.
struct LogisticStage: Trainer {
    struct Config: Decodable {
        var common: CommonConfig
        var C: Double
        var tol: Double
        var maxIter: Int

        enum CodingKeys: String, CodingKey { case C, tol, maxIter = "max_iter" }

        init(from decoder: any Decoder) throws {
            common = try CommonConfig(from: decoder)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            C = try container.decodeIfPresent(Double.self, forKey: .C) ?? 1.0
            tol = try container.decodeIfPresent(Double.self, forKey: .tol) ?? 1e-4
            maxIter = try container.decodeIfPresent(Int.self, forKey: .maxIter) ?? 100
        }
    }

    static let id = "logistic"
    static let summary = "Logistic regression, binary or multinomial, with an L2 penalty (scikit-learn's LogisticRegression)"
    static let configSchema = #"{"type":"object","additionalProperties":false,"properties":{"#
        + #""C":{"type":"number","exclusiveMinimum":0,"default":1.0,"description":"inverse regularisation strength, as in scikit-learn (larger: weaker penalty)"},"#
        + #""tol":{"type":"number","exclusiveMinimum":0,"default":0.0001,"description":"stop when every gradient component of the mean loss is at most this"},"#
        + #""max_iter":{"type":"integer","minimum":1,"default":100,"description":"the most solver iterations"},"#
        + TrainerPorts.commonProperties + "}}"
    static let inputs = TrainerPorts.inputs
    static let outputs = TrainerPorts.outputs

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        guard config.C.isFinite, config.C > 0 else { throw StageError.invalidConfig("'C' must be a finite number > 0, got \(config.C)") }
        guard config.tol.isFinite, config.tol > 0 else { throw StageError.invalidConfig("'tol' must be a finite number > 0, got \(config.tol)") }
        guard config.maxIter >= 1 else { throw StageError.invalidConfig("'max_iter' must be at least 1, got \(config.maxIter)") }
        self.config = config
        self.host = host
    }

    /// A fit with its labels turned to text, whatever their type.
    struct Fitted {
        var classes: [String]
        var coefficients: [[Double]]
        var intercepts: [Double]
        var iterations: Int
        var converged: Bool
        var gradientNorm: Double
        var solver: String
        /// probabilities[c][i], and the class index of each training row.
        var probabilities: [[Double]]
        var truth: [Int]
    }

    func run(_ call: StageCall) throws {
        let set = try TrainingSet(try call.inputTable("train"), config.common, stage: Self.id)
        let labels = try ClassLabels.read(set.target)
        try host.checkCancellation()
        let solver = LogisticRegression(C: config.C, fitIntercept: config.common.fitIntercept, tol: config.tol, maxIter: config.maxIter)
        let fitted: Fitted
        do {
            switch labels {
            case .text(let values): fitted = try Self.fitted(try solver.fit(set.x, values), set.x, values, text: { $0 })
            case .integers(let values): fitted = try Self.fitted(try solver.fit(set.x, values), set.x, values, text: { String($0) })
            case .flags(let values): fitted = try Self.fitted(try solver.fit(set.x, values), set.x, values, text: { $0 ? "true" : "false" })
            }
        } catch let error as LinearModelError {
            throw FitErrors.stageError(error, features: set.features, stage: Self.id)
        }
        report(fitted, set)
        let metrics = TrainingReport.classificationMetrics(probabilities: fitted.probabilities, truth: fitted.truth)
        TrainingReport.record(metrics, rows: set.rows, features: set.features.count, host: host)
        host.metric("n_classes", Double(fitted.classes.count))
        let artifact = LinearModelArtifact(
            format: LinearModelArtifact.currentFormat, model: Self.id, task: .classification,
            features: set.features, target: .init(name: set.target.name, type: TrainingSet.typeName(set.target.type)),
            classes: fitted.classes, labelType: labels.labelType, coefficients: fitted.coefficients, intercepts: fitted.intercepts,
            hyperparameters: .init(fitIntercept: config.common.fitIntercept, C: config.C, tol: config.tol, maxIter: config.maxIter),
            preprocessing: try TrainingReport.preprocessing(set, call: call),
            training: .init(rows: set.rows, iterations: fitted.iterations, converged: fitted.converged, metrics: metrics),
            producer: .init(plugin: "sluice.linear", pluginVersion: pluginVersion, stage: Self.id, host: host.version))
        try call.output("model", bytes: try artifact.encoded(), mediaType: LinearModelArtifact.mediaType)
    }

    private func report(_ fitted: Fitted, _ set: TrainingSet) {
        host.metric("iterations", Double(fitted.iterations))
        host.metric("converged", fitted.converged ? 1 : 0)
        let kind = fitted.classes.count == 2 ? "binary" : "multinomial (\(fitted.classes.count) classes)"
        let gradient = String(format: "%.3g", fitted.gradientNorm)
        if fitted.converged {
            host.info("logistic, \(kind): converged after \(fitted.iterations) \(fitted.solver) iteration(s), largest gradient component \(gradient) <= tol \(config.tol)")
        } else {
            host.warning("logistic, \(kind): did not converge in max_iter = \(config.maxIter) \(fitted.solver) iterations (largest gradient component \(gradient) > tol \(config.tol)); "
                + "the coefficients are not the optimum. Raise 'max_iter', standardise the features (sluice.transforms/standardize), or lower 'C'")
        }
    }

    private static func fitted<Label: Hashable>(_ model: LogisticRegressionModel<Label>, _ x: Matrix, _ labels: [Label], text: (Label) -> String) throws -> Fitted {
        let probabilities = try model.predictProbabilities(x)
        var index: [Label: Int] = [:]
        for (position, label) in model.classes.enumerated() { index[label] = position }
        return Fitted(
            classes: model.classes.map(text), coefficients: model.coefficients.rowArrays, intercepts: model.intercepts,
            iterations: model.iterations, converged: model.converged, gradientNorm: model.gradientNorm, solver: model.solver.rawValue,
            probabilities: (0..<probabilities.columns).map { Array(probabilities.column($0)) }, truth: labels.map { index[$0]! })
    }
}
