import SluiceKit
import SluiceMetrics

/// Stage `performance`: how good the served model's predictions were, once the true
/// labels arrive (days later, from a CRM, a ledger, a labelling team).
///
/// Joins `predictions` (the `log` output of `predictions`, or any table with the key
/// and prediction columns) with `labels` on `on` (see `LabelJoin`), scores every
/// labelled prediction with SluiceMetrics, as `sluice.gates/metrics` does on a test
/// set, and gates on the result with the same syntax (`gates: {accuracy: ">= 0.8"}`).
/// Metrics are logged as `performance.<metric>` (and `performance.rows_scored`,
/// `.unlabelled`, `.unmatched_labels`), each gate as `gate.<metric>` (1 or 0); the
/// report (`PerformanceReport`) goes to output `report` and artifact
/// `performance_report.json` before a failed gate fails the stage.
struct PerformanceStage: Monitor {
    typealias Config = PerformanceConfig

    static let id = "performance"
    static let summary = "Scores logged predictions against true labels that arrived later (regression or classification metrics) and gates on them"
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,
         "properties":{
           "on":{"type":"array","items":{"type":"string","minLength":1},"minItems":1,
                 "description":"the key columns joining predictions and labels (default: request_id, and row when the labels have a row column)"},
           "label":{"type":"string","minLength":1,"default":"label","description":"the true-value column of the labels"},
           "prediction":{"type":"string","minLength":1,"default":"prediction","description":"the predicted-value column of the predictions"},
           "task":{"type":"string","enum":["regression","classification"],
                   "description":"default: classification when the prediction is text or bool or there are probability_* columns, else regression"},
           "metrics":{"type":"array","items":{"type":"string"},"minItems":1,
                      "description":"the metrics to compute (default: the task's; for classification roc_auc and log_loss only with probabilities)"},
           "gates":{"type":"object","additionalProperties":{"type":"string"},
                    "description":"metric: condition, e.g. {accuracy: \">= 0.8\", rmse: \"<= 50\"}"},
           "positive_label":{"type":["string","number","boolean"],
                             "description":"the positive class of a binary classifier (default: the second class in order)"}}}
        """#
    static let inputs = [
        Port("predictions", .table, description: "the logged predictions with their keys (the predictions stage's log)"),
        Port("labels", .table, description: "the true values, with the key columns"),
    ]
    static let outputs = [
        Port("report", .report, description: "rows scored, unlabelled and unmatched counts, each metric and gate (JSON)"),
    ]

    let config: PerformanceConfig
    let host: HostServices

    init(config: PerformanceConfig, host: HostServices) throws {
        try config.validate()
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let predictions = try call.inputTable("predictions")
        let labels = try call.inputTable("labels")
        let predicted = try predictions.column(config.prediction)
        _ = try labels.column(config.label)
        let task = config.task ?? PerformanceSample.task(of: predictions, prediction: predicted)
        let known = MetricCatalog.names(task)
        if let wrong = ((config.metrics ?? []) + (config.gates ?? [:]).keys.sorted()).first(where: { !known.contains($0) }) {
            throw StageError.invalidConfig("'\(wrong)' is not a \(task.rawValue) metric (the predictions are scored as \(task.rawValue)\(config.task == nil ? ", judged from the prediction column; set 'task' to choose" : "")); the \(task.rawValue) metrics are: \(known.joined(separator: ", "))")
        }

        let join = try LabelJoin(on: LabelJoin.keys(configured: config.on, predictions: predictions, labels: labels),
                                 predictions: predictions, labels: labels, label: config.label)
        let sample = try PerformanceSample(task, join: join, predictions: predictions, labels: labels, config: config)
        guard sample.rows > 0 else {
            throw StageError.invalidInput("every labelled prediction has a null '\(config.prediction)': there is nothing to score. Check 'prediction'")
        }
        warn(join, sample)

        let gates = try PerformanceGate.parse(config.gates)
        var metrics: [(name: String, value: Double?, note: String?)] = []
        for name in chosenMetrics(known, sample: sample, gated: gates.map(\.metric)) {
            do throws(MetricError) {
                let value = try sample.value(of: name)
                metrics.append((name, value, nil))
                host.metric("performance.\(name)", value)
            } catch {
                let note = name == "roc_auc" || name == "log_loss" ? sample.probabilityNote ?? error.message : error.message
                metrics.append((name, nil, note))
                host.warning("\(name) not computed: \(note)")
            }
        }
        host.metric("performance.rows_scored", Double(sample.rows))
        host.metric("performance.unlabelled", Double(join.unlabelled))
        host.metric("performance.unmatched_labels", Double(join.unmatchedLabels))

        let outcomes = gates.map { gate in
            let measured = metrics.first { $0.name == gate.metric }
            return PerformanceGate.Outcome(gate: gate, value: measured?.value, note: measured?.note)
        }
        for outcome in outcomes {
            host.metric("gate.\(outcome.gate.metric)", outcome.passed ? 1 : 0)
            if outcome.passed { host.info("gate passed: \(outcome.sentence)") } else { host.warning("gate failed: \(outcome.sentence)") }
        }
        host.info("scored \(sample.rows) labelled prediction(s) as \(task.rawValue): "
                  + metrics.compactMap { metric in metric.value.map { "\(metric.name)=\(PerformanceGate.Outcome.format($0))" } }.joined(separator: " "))

        let report = PerformanceReport(task: task, config: config, join: join, sample: sample, predictions: predictions,
                                       labels: labels, metrics: metrics, outcomes: outcomes)
        let bytes = report.json.bytes
        try call.output("report", bytes: bytes, mediaType: "application/json")
        try host.writeArtifact(name: "performance_report.json", mediaType: "application/json", bytes: bytes)
        if let failure = outcomes.failure(scored: sample.rows) { throw failure }
    }

    /// The configured metrics (default: the task's, leaving out the ones that need
    /// probabilities when there are none) plus every gated one, in catalogue order.
    private func chosenMetrics(_ known: [String], sample: PerformanceSample, gated: [String]) -> [String] {
        let listed = config.metrics ?? known.filter { name in
            guard name == "roc_auc" || name == "log_loss", case .classification(let classes) = sample.values else { return true }
            return classes.probabilities != nil
        }
        return known.filter { listed.contains($0) || gated.contains($0) }
    }

    private func warn(_ join: LabelJoin, _ sample: PerformanceSample) {
        if join.repeatedPredictionKeys > 0 {
            host.warning("\(join.repeatedPredictionKeys) key(s) on \(join.on.joined(separator: ", ")) belong to more than one prediction row (requests of several rows?): each such row is scored against the same label. Give the labels a 'row' column to label rows one by one")
        }
        if join.unmatchedLabels > 0 {
            host.info("\(join.unmatchedLabels) label(s) matched no prediction in this window")
        }
        if join.nullLabels > 0 { host.info("\(join.nullLabels) label row(s) with a null '\(config.label)' left out") }
        if sample.nullPredictions > 0 { host.warning("\(sample.nullPredictions) labelled prediction(s) with a null '\(config.prediction)' left out") }
    }
}
