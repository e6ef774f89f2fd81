import SluiceKit
import SluiceLinear

/// What `linear` and `ridge` share: read the table, fit, report, write the artifact.
enum RegressionFit {
    static func run(
        _ call: StageCall, host: HostServices, config: CommonConfig, stage: String,
        hyperparameters: LinearModelArtifact.Hyperparameters,
        fit: (Matrix, [Double]) throws(LinearModelError) -> LinearRegressionModel
    ) throws {
        let set = try TrainingSet(try call.inputTable("train"), config, stage: stage)
        let y = try set.regressionTarget(stage: stage)
        try host.checkCancellation()
        let model: LinearRegressionModel
        do {
            model = try fit(set.x, y)
        } catch {
            throw FitErrors.stageError(error, features: set.features, stage: stage)
        }
        let predicted = try model.predict(set.x)
        let metrics = TrainingReport.regressionMetrics(predicted: predicted, actual: y)
        TrainingReport.record(metrics, rows: set.rows, features: set.features.count, host: host)
        let artifact = LinearModelArtifact(
            format: LinearModelArtifact.currentFormat, model: stage, task: .regression,
            features: set.features, target: .init(name: set.target.name, type: TrainingSet.typeName(set.target.type)),
            classes: nil, labelType: nil, coefficients: [model.coefficients], intercepts: [model.intercept],
            hyperparameters: hyperparameters, preprocessing: try TrainingReport.preprocessing(set, call: call),
            training: .init(rows: set.rows, iterations: nil, converged: nil, metrics: metrics),
            producer: .init(plugin: "sluice.linear", pluginVersion: pluginVersion, stage: stage, host: host.version))
        try call.output("model", bytes: try artifact.encoded(), mediaType: LinearModelArtifact.mediaType)
        host.info("\(stage): \(set.features.count) features, \(set.rows) rows, train r2 \(metrics["r2"].map { String($0) } ?? "undefined (constant target)"), rmse \(metrics["rmse"]!)")
    }
}
