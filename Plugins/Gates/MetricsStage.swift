import SluiceKit
import SluiceMetrics

/// Stage `metrics`: measures a model on a test table and gates on the measures.
///
/// - Regression (by the model's description): rmse, mse, mae, r2. Classification:
///   accuracy, precision, recall, f1, roc_auc, log_loss and the confusion matrix;
///   with two classes precision, recall, f1 and roc_auc score `positive_label`
///   (default: the model's second class), with more they are macro averages over the
///   classes that occur (roc_auc one-vs-rest), all as scikit-learn computes them.
/// - `metrics` limits what is computed (gated metrics are always computed).
/// - `gates: {r2: ">= 0.7", rmse: "<= 50"}`: see `GateCondition` for the syntax.
/// - Every metric is logged under its name, every gate as `gate.<metric>` (1 or 0,
///   and a param with the value and condition); the report (port `report`, artifact
///   `metrics.json`) has the metrics, the confusion matrix and every gate.
struct MetricsStage: Tester {
    struct Config: Decodable {
        var target: String?
        var gates: [String: String]?
        var metrics: [String]?
        var positive_label: LabelValue?
    }

    static let id = "metrics"
    static let summary = "Measures a model on a test table (regression or classification metrics) and gates on them"
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,
         "properties":{
           "target":{"type":"string","minLength":1,"description":"the target column (default: the table's sluice.target, else the model's target)"},
           "gates":{"type":"object","additionalProperties":{"type":"string"},
                    "description":"metric: condition, e.g. {r2: \">= 0.7\", rmse: \"<= 50\", accuracy: \"between 0.8 and 1\"}"},
           "metrics":{"type":"array","items":{"type":"string"},"minItems":1,"description":"the metrics to compute (default: all of the model's task)"},
           "positive_label":{"type":["string","number","boolean"],"description":"the positive class of a binary classifier (default: its second class)"}}}
        """#
    static let inputs = GatePorts.inputs
    static let outputs = GatePorts.outputs

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        try Gate.precheck(config.gates)
        let every = MetricCatalog.names(.regression) + MetricCatalog.names(.classification)
        if let unknown = config.metrics?.first(where: { !every.contains($0) }) {
            throw StageError.invalidConfig("'metrics' names the unknown metric '\(unknown)'; the metrics are: regression \(MetricCatalog.names(.regression).joined(separator: ", ")); classification \(MetricCatalog.names(.classification).joined(separator: ", "))")
        }
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let model = try ModelInput.load(call, host: host)
        let table = try TestTable.read(call)
        let task = ModelInput.task(of: model)
        let known = MetricCatalog.names(task)
        let gates = try Gate.parse(config.gates, known: known, what: "the \(task.rawValue) metrics")
        let chosen = try chosenMetrics(known: known, task: task, gated: gates.map(\.metric))
        let target = try TestTable.target(configured: config.target, table: table, model: model.modelDescription)
        let evaluation = try Evaluation.run(model, on: table, target: target, positiveLabel: config.positive_label?.text)

        var values: [(String, Double?, String?)] = []
        for name in chosen {
            do {
                let value = try evaluation.value(of: name)
                values.append((name, value, nil))
                host.metric(name, value)
            } catch {
                values.append((name, nil, error.message))
                host.warning("\(name) not computed: \(error.message)")
            }
        }
        let outcomes = gates.map { gate in
            let measured = values.first { $0.0 == gate.metric }
            return GateOutcome(gate, value: measured?.1, note: measured?.2)
        }
        host.info("measured \(model.modelDescription.task.rawValue) on \(table.rowCount) rows: "
                  + values.compactMap { name, value, _ in value.map { "\(name)=\(GateOutcome.format($0))" } }.joined(separator: " "))
        outcomes.record(host)

        try publish(report(model, table, evaluation, values, outcomes), artifact: "metrics.json", call: call, host: host)
        if let failure = outcomes.failure("metrics") { throw failure }
    }

    private func chosenMetrics(known: [String], task: ModelTask, gated: [String]) throws -> [String] {
        guard let listed = config.metrics else { return known }
        for name in listed where !known.contains(name) {
            throw StageError.invalidConfig("'metrics' names the unknown metric '\(name)'; the \(task.rawValue) metrics are: \(known.joined(separator: ", "))")
        }
        // In catalogue order, with the gated metrics added.
        return known.filter { listed.contains($0) || gated.contains($0) }
    }

    private func report(_ model: HostModel, _ table: Table, _ evaluation: Evaluation,
                        _ values: [(String, Double?, String?)], _ outcomes: [GateOutcome]) -> JSONText {
        let description = model.modelDescription
        var members: [(String, JSONText)] = [
            ("version", .integer(1)),
            ("task", .string(description.task.rawValue)),
            ("model", .object([("format", .string(description.format)), ("target", .string(description.target))])),
            ("target", .string(evaluation.target)),
            ("rows", .integer(Int64(table.rowCount))),
            ("metrics", .object(values.map { ($0.0, .number($0.1)) })),
        ]
        let undefined = values.filter { $0.1 == nil }
        if !undefined.isEmpty { members.append(("undefined", .object(undefined.map { ($0.0, .string($0.2 ?? "")) }))) }
        if case .classification(let sample) = evaluation.sample {
            members.append(("classes", .strings(sample.classes)))
            if let positive = evaluation.positiveLabel { members.append(("positive_label", .string(positive))) }
            members.append(("averaging", .string(sample.isBinary ? "binary" : "macro")))
            members.append(("confusion_matrix", ConfusionReport.json(sample)))
        }
        members.append(("gates", outcomes.json))
        members.append(("passed", .bool(outcomes.allPassed)))
        return .object(members)
    }
}
