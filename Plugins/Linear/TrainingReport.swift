import Foundation
import SluiceKit

/// What a stage learns about its training rows besides the coefficients: metrics,
/// and the preprocessing the model expects, with the scaler when one was connected.
enum TrainingReport {
    /// Regression metrics on the training rows.
    static func regressionMetrics(predicted: [Double], actual: [Double]) -> [String: Double] {
        let n = Double(actual.count)
        let mean = actual.reduce(0, +) / n
        var residual = 0.0, total = 0.0, absolute = 0.0
        for (p, y) in zip(predicted, actual) {
            residual += (y - p) * (y - p)
            total += (y - mean) * (y - mean)
            absolute += abs(y - p)
        }
        var metrics = ["rmse": (residual / n).squareRoot(), "mae": absolute / n]
        // r2 is undefined for a constant target.
        if total > 0 { metrics["r2"] = 1 - residual / total }
        return metrics
    }

    /// Classification metrics on the training rows: `probabilities[c][i]`, `truth[i]` a class index.
    static func classificationMetrics(probabilities: [[Double]], truth: [Int]) -> [String: Double] {
        var correct = 0, loss = 0.0
        let epsilon = 1e-15  // scikit-learn's clip in log_loss
        for (i, label) in truth.enumerated() {
            var best = 0
            for c in probabilities.indices where probabilities[c][i] > probabilities[best][i] { best = c }
            if best == label { correct += 1 }
            loss -= log(min(max(probabilities[label][i], epsilon), 1 - epsilon))
        }
        let n = Double(truth.count)
        return ["accuracy": Double(correct) / n, "log_loss": loss / n]
    }

    /// Logs every metric as `train_<name>` and the table's size.
    static func record(_ metrics: [String: Double], rows: Int, features: Int, host: HostServices) {
        host.metric("n_rows", Double(rows))
        host.metric("n_features", Double(features))
        for (name, value) in metrics.sorted(by: { $0.key < $1.key }) { host.metric("train_" + name, value) }
    }

    /// The preprocessing section: the connected scaler if any, and whether the features
    /// look standardised.
    static func preprocessing(_ set: TrainingSet, call: StageCall) throws -> LinearModelArtifact.Preprocessing {
        let scaler = call.hasInput("scaler") ? try readScaler(call, features: set.features.map(\.name)) : nil
        let looksStandardized = (0..<set.x.columns).allSatisfy { j in
            let column = set.x.column(j)
            let n = Double(column.count)
            let mean = column.reduce(0, +) / n
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
            return abs(mean) < 1e-6 && abs(variance.squareRoot() - 1) < 1e-6
        }
        let note: String
        if let scaler {
            let names = set.features.map(\.name).filter { scaler.columns[$0] != nil }
            note = "standardise \(names.joined(separator: ", ")) as recorded in 'standardize' ((x - mean) / scale, fitted by \(scaler.stage)) before predicting; the model does not do it itself"
        } else if looksStandardized {
            note = "the features had mean 0 and standard deviation 1 in training, so they were probably standardised (e.g. by sluice.transforms/standardize): apply the same scaler before predicting. Connect the scaler to this stage's 'scaler' input to record it here"
        } else {
            note = "none recorded: the model takes the feature columns as they were in training"
        }
        return .init(standardize: scaler, featuresLookStandardized: looksStandardized, note: note)
    }

    /// The scaler report of sluice.transforms/standardize:
    /// `{"version":1,"columns":{"x":{"mean":m,"std":s,"scale":c}}}`.
    private static func readScaler(_ call: StageCall, features: [String]) throws -> LinearModelArtifact.Preprocessing.Standardize {
        struct Report: Decodable {
            var version: Int
            var columns: [String: LinearModelArtifact.Preprocessing.Scale]
        }
        let (bytes, _) = try call.inputBytes("scaler")
        guard let json = try? JSONValue.parse(bytes), let report = try? JSONValueDecoder().decode(Report.self, from: json) else {
            throw StageError.invalidInput("input 'scaler' is not the scaler of sluice.transforms/standardize ({\"version\":1,\"columns\":{...}}); connect standardize's 'scaler' output")
        }
        guard report.version == 1 else {
            throw StageError(.unsupported, "input 'scaler' is a version \(report.version) scaler; this plugin reads version 1")
        }
        return .init(stage: "sluice.transforms/standardize", columns: report.columns.filter { features.contains($0.key) })
    }
}
