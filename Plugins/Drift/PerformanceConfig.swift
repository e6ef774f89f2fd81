import SluiceKit
import SluiceMetrics

/// The `performance` stage's configuration (see `PerformanceStage.configSchema`).
struct PerformanceConfig: Decodable {
    var on: [String]?
    var label: String
    var prediction: String
    var task: ModelTask?
    var metrics: [String]?
    var gates: [String: String]?
    /// The positive class of a binary classifier, as text (YAML may give a number or a bool).
    var positiveLabel: String?

    enum CodingKeys: String, CodingKey {
        case on, label, prediction, task, metrics, gates, positiveLabel = "positive_label"
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        on = try container.decodeIfPresent([String].self, forKey: .on)
        label = try container.decodeIfPresent(String.self, forKey: .label) ?? "label"
        prediction = try container.decodeIfPresent(String.self, forKey: .prediction) ?? "prediction"
        if let name = try container.decodeIfPresent(String.self, forKey: .task) {
            guard let task = ModelTask(rawValue: name) else {
                throw StageError.invalidConfig("'task' is '\(name)'; it is regression or classification")
            }
            self.task = task
        }
        metrics = try container.decodeIfPresent([String].self, forKey: .metrics)
        gates = try container.decodeIfPresent([String: String].self, forKey: .gates)
        if let text = try? container.decodeIfPresent(String.self, forKey: .positiveLabel) {
            positiveLabel = text
        } else if let flag = try? container.decodeIfPresent(Bool.self, forKey: .positiveLabel) {
            positiveLabel = flag ? "true" : "false"
        } else if let number = try container.decodeIfPresent(Double.self, forKey: .positiveLabel) {
            positiveLabel = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        }
    }

    /// What the schema cannot say: keys listed once, metric names and gate conditions
    /// that read (whether they fit the task is known only once the tables are seen).
    func validate() throws {
        if let on {
            var seen = Set<String>()
            if let repeated = on.first(where: { !seen.insert($0).inserted }) {
                throw StageError.invalidConfig("'on' lists '\(repeated)' twice; list each key column once")
            }
        }
        let every = MetricCatalog.names(.regression) + MetricCatalog.names(.classification)
        let allowed = task.map(MetricCatalog.names) ?? every
        for (field, names) in [("metrics", metrics ?? []), ("gates", (gates ?? [:]).keys.sorted())] {
            if let unknown = names.first(where: { !allowed.contains($0) }) {
                throw StageError.invalidConfig("'\(field)' names the unknown metric '\(unknown)'; the metrics are: \(Self.catalogue(task))")
            }
        }
        _ = try PerformanceGate.parse(gates)
    }

    static func catalogue(_ task: ModelTask?) -> String {
        if let task { return "\(task.rawValue): \(MetricCatalog.names(task).joined(separator: ", "))" }
        return "regression \(MetricCatalog.names(.regression).joined(separator: ", ")); classification \(MetricCatalog.names(.classification).joined(separator: ", "))"
    }
}
