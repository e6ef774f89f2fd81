import SluiceKit
import SluiceMetrics

/// The performance report (output `report`, artifact `performance_report.json`),
/// format version 1:
///
/// ```
/// {"version": 1,
///  "model": "house-prices", "window": "7d",             // from the predictions' metadata, when there
///  "task": "classification", "on": ["request_id", "row"], "label": "label", "prediction": "prediction",
///  "predictions": 1200, "labels": 300,                  // rows of each input
///  "rows_scored": 290,                                  // labelled predictions scored
///  "unlabelled": 910,                                   // predictions without a label
///  "unmatched_labels": 10,                              // labels that matched no prediction
///  "null_labels": 0, "null_predictions": 0,             // left out: no value to score
///  "metrics": {"accuracy": 0.91, "precision": 0.88, ...},
///  "undefined": {"roc_auc": "why"},                     // only when a metric has no value
///  "classes": ["no", "yes"], "positive_label": "yes", "averaging": "binary",   // classification
///  "gates": [{"metric": "accuracy", "value": 0.91, "condition": ">= 0.8", "passed": true}],
///  "passed": true}
/// ```
struct PerformanceReport {
    let task: ModelTask
    let config: PerformanceConfig
    let join: LabelJoin
    let sample: PerformanceSample
    let predictions: Table
    let labels: Table
    /// Each metric's value, or why it has none.
    let metrics: [(name: String, value: Double?, note: String?)]
    let outcomes: [PerformanceGate.Outcome]

    var json: JSONText {
        var members: [(String, JSONText)] = [("version", .integer(1))]
        if let model = predictions.metadata[PredictionsStage.modelKey] { members.append(("model", .string(model))) }
        if let window = predictions.metadata[PredictionsStage.windowKey] { members.append(("window", .string(window))) }
        members += [
            ("task", .string(task.rawValue)),
            ("on", .strings(join.on)),
            ("label", .string(config.label)),
            ("prediction", .string(config.prediction)),
            ("predictions", .integer(Int64(predictions.rowCount))),
            ("labels", .integer(Int64(labels.rowCount))),
            ("rows_scored", .integer(Int64(sample.rows))),
            ("unlabelled", .integer(Int64(join.unlabelled))),
            ("unmatched_labels", .integer(Int64(join.unmatchedLabels))),
            ("null_labels", .integer(Int64(join.nullLabels))),
            ("null_predictions", .integer(Int64(sample.nullPredictions))),
            ("metrics", .object(metrics.map { ($0.name, .number($0.value)) })),
        ]
        let undefined = metrics.filter { $0.value == nil }
        if !undefined.isEmpty { members.append(("undefined", .object(undefined.map { ($0.name, .string($0.note ?? "")) }))) }
        if case .classification(let classes) = sample.values {
            members.append(("classes", .strings(classes.classes)))
            if classes.isBinary { members.append(("positive_label", .string(classes.classes[classes.positive]))) }
            members.append(("averaging", .string(classes.isBinary ? "binary" : "macro")))
        }
        members.append(("gates", .array(outcomes.map(\.json))))
        members.append(("passed", .bool(outcomes.allSatisfy(\.passed))))
        return .object(members)
    }
}
