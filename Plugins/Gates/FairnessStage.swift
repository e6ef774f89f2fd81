import SluiceKit
import SluiceMetrics

/// Stage `fairness`: measures the model on each slice of a sensitive column (e.g.
/// sex, region) and gates on the gaps between slices.
///
/// - `sensitive`: the column whose distinct values are the slices (null is a slice
///   of its own, "(null)"). The model need not read it.
/// - `metric`: the per-slice metric of the report (default accuracy, or rmse for
///   regression).
/// - `positive_label`: the favourable outcome (default: the model's second class).
/// - `gates`: on `demographic_parity_difference`, `equal_opportunity_difference`,
///   `disparate_impact_ratio` (classifiers; defined as in Fairlearn, see
///   `SluiceMetrics.Fairness`), and on any metric of the model's task, which then
///   must hold in every slice: `{accuracy: ">= 0.7"}` fails naming the slices below.
/// - Report (port `report`, artifact `fairness.json`): a row per slice (rows,
///   selection rate, true positive rate, metrics) and the measures and gates.
struct FairnessStage: Tester {
    struct Config: Decodable {
        var sensitive: String
        var metric: String?
        var positive_label: LabelValue?
        var target: String?
        var gates: [String: String]?
    }

    static let id = "fairness"
    static let summary = "Metrics per slice of a sensitive column; gates on parity differences, disparate impact and per-slice metrics"
    static let configSchema = #"""
        {"type":"object","required":["sensitive"],"additionalProperties":false,
         "properties":{
           "sensitive":{"type":"string","minLength":1,"description":"the column whose values are the slices (e.g. sex, region)"},
           "metric":{"type":"string","description":"the per-slice metric (default: accuracy, or rmse for regression)"},
           "positive_label":{"type":["string","number","boolean"],"description":"the favourable class (default: the model's second class)"},
           "target":{"type":"string","minLength":1,"description":"the target column (default: the table's sluice.target)"},
           "gates":{"type":"object","additionalProperties":{"type":"string"},
                    "description":"e.g. {demographic_parity_difference: \"<= 0.1\", disparate_impact_ratio: \">= 0.8\", accuracy: \">= 0.7\"}"}}}
        """#
    static let inputs = GatePorts.inputs
    static let outputs = GatePorts.outputs

    static let nullSlice = "(null)"

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        try Gate.precheck(config.gates, extra: MetricCatalog.fairness.map(\.name))
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let model = try ModelInput.load(call, host: host)
        let table = try TestTable.read(call)
        let task = ModelInput.task(of: model)
        let parity = task == .classification ? MetricCatalog.fairness.map(\.name) : []
        let known = parity + MetricCatalog.names(task)
        if task == .regression, let name = config.gates?.keys.first(where: { MetricCatalog.fairness.map(\.name).contains($0) }) {
            throw StageError.invalidConfig("'gates' has '\(name)', which needs a classifier (selection rates of a positive label); this model does regression: gate on a per-slice metric such as rmse instead")
        }
        let gates = try Gate.parse(config.gates, known: known, what: "the fairness measures and \(task.rawValue) metrics")
        let metric = try perSliceMetric(task)
        let groups = try sliceNames(table)
        let target = try TestTable.target(configured: config.target, table: table, model: model.modelDescription)
        let evaluation = try Evaluation.run(model, on: table, target: target, positiveLabel: config.positive_label?.text)

        let sliceMetrics = [metric] + gates.map(\.metric).filter { !parity.contains($0) && $0 != metric }.uniqued()
        let slices = SliceTable.build(evaluation, groups: groups, metrics: sliceMetrics)
        var measures: [(String, Double?, String?)] = []
        if let rates = slices.rates {
            for name in parity {
                do { measures.append((name, try Fairness.value(of: name, rates), nil)) } catch { measures.append((name, nil, error.message)) }
            }
        }
        for (name, value, note) in measures {
            if let value { host.metric(name, value) } else { host.warning("\(name) not computed: \(note ?? "")") }
        }
        for slice in slices.rows {
            if let value = slice.metrics[metric] ?? nil { host.metric("\(metric)[\(slice.group)]", value) }
        }

        var outcomes: [GateOutcome] = []
        for gate in gates {
            if let measured = measures.first(where: { $0.0 == gate.metric }) {
                outcomes.append(GateOutcome(gate, value: measured.1, note: measured.2))
            } else {
                for slice in slices.rows {
                    outcomes.append(GateOutcome(gate, value: slice.metrics[gate.metric] ?? nil, note: slice.notes[gate.metric],
                                                name: "\(gate.metric)[\(slice.group)]"))
                }
            }
        }
        outcomes.record(host)
        try publish(.object([
            ("version", .integer(1)), ("task", .string(task.rawValue)), ("sensitive", .string(config.sensitive)),
            ("target", .string(target)), ("metric", .string(metric)), ("rows", .integer(Int64(table.rowCount))),
        ] + (evaluation.positiveLabel.map { [("positive_label", JSONText.string($0))] } ?? [])
          + [("slices", slices.json), ("measures", .object(measures.map { ($0.0, .number($0.1)) })),
             ("gates", outcomes.json), ("passed", .bool(outcomes.allPassed))]),
            artifact: "fairness.json", call: call, host: host)
        if let failure = outcomes.failure("fairness") { throw failure }
    }

    private func perSliceMetric(_ task: ModelTask) throws -> String {
        let name = config.metric ?? (task == .regression ? "rmse" : "accuracy")
        do { return try MetricCatalog.require(name, task: task, field: "'metric'").name } catch { throw StageError.invalidConfig(error.message) }
    }

    private func sliceNames(_ table: Table) throws -> [String] {
        guard let column = table[config.sensitive] else {
            throw StageError.invalidInput("the test table has no sensitive column '\(config.sensitive)'; its columns are: \(table.columnNames.joined(separator: ", ")). Set 'sensitive' to one of them")
        }
        return (0..<column.count).map { LabelMatcher.text(column, $0) ?? Self.nullSlice }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
