import SluiceKit
import SluiceMetrics

/// Stage `champion`: compares the candidate on `model` with the champion (the model
/// in production) on the same test table, and fails when the candidate is worse by
/// more than the tolerance.
///
/// - `champion`: a reference the host resolves: a model file (relative to the
///   project), an artifact digest ("sha256:…" or a unique prefix), or, once the
///   registry exists, "NAME@ALIAS". Nothing there: the candidate passes, with a
///   warning and `"champion": null` in the report (the first model has no champion).
/// - `metric`: what to compare (default rmse for regression, accuracy for
///   classification); whether higher is better comes from the metric.
/// - `tolerance` (absolute) and `relative_tolerance` (a fraction of the champion's
///   value): the candidate may be worse by up to the larger of the two (as
///   pytest.approx combines them); both default to 0, so worse at all fails.
struct ChampionStage: Tester {
    struct Config: Decodable {
        var champion: String
        var metric: String?
        var tolerance: Double?
        var relative_tolerance: Double?
        var target: String?
        var positive_label: LabelValue?
    }

    static let id = "champion"
    static let summary = "Fails when the candidate model is worse than the champion beyond a tolerance"
    static let configSchema = #"""
        {"type":"object","required":["champion"],"additionalProperties":false,
         "properties":{
           "champion":{"type":"string","minLength":1,"description":"the champion: a model file, an artifact digest, or NAME@ALIAS"},
           "metric":{"type":"string","description":"the metric to compare (default: rmse for regression, accuracy for classification)"},
           "tolerance":{"type":"number","minimum":0,"description":"how much worse the candidate may be, absolute"},
           "relative_tolerance":{"type":"number","minimum":0,"description":"how much worse the candidate may be, as a fraction of the champion's value"},
           "target":{"type":"string","minLength":1,"description":"the target column (default: the table's sluice.target)"},
           "positive_label":{"type":["string","number","boolean"],"description":"the positive class of a binary classifier (default: its second class)"}}}
        """#
    static let inputs = [
        Port("model", .model, description: "the candidate model"),
        Port("test", .table, description: "the table both models are measured on"),
    ]
    static let outputs = GatePorts.outputs

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let candidate = try ModelInput.load(call, host: host)
        let table = try TestTable.read(call)
        let task = ModelInput.task(of: candidate)
        let metric = try metricSpec(task)
        let target = try TestTable.target(configured: config.target, table: table, model: candidate.modelDescription)
        let candidateValue = try measure(candidate, table, target, metric, role: "candidate")
        host.metric("candidate.\(metric.name)", candidateValue)

        guard let champion = try loadChampion() else {
            host.warning("no champion yet: nothing at '\(config.champion)', so the candidate passes (\(metric.name) = \(GateOutcome.format(candidateValue)))")
            host.metric("gate.champion", 1)
            host.param("gate.champion", json: #"{"passed":true,"champion":null,"note":"no champion yet"}"#)
            try publish(.object(baseReport(metric, target, table, candidateValue) + [
                ("champion", .null), ("passed", .bool(true)), ("note", .string("no champion yet: the candidate passes")),
            ]), artifact: "champion.json", call: call, host: host)
            return
        }
        guard ModelInput.task(of: champion) == task else {
            throw StageError.invalidConfig("the champion '\(config.champion)' does \(champion.modelDescription.task.rawValue) and the candidate does \(task.rawValue): they cannot be compared")
        }
        let championValue = try measure(champion, table, target, metric, role: "champion")
        host.metric("champion.\(metric.name)", championValue)

        let comparison = Comparison(metric: metric, candidate: candidateValue, champion: championValue,
                                    tolerance: config.tolerance ?? 0, relativeTolerance: config.relative_tolerance ?? 0)
        host.metric("gate.champion", comparison.passed ? 1 : 0)
        host.param("gate.champion", json: JSONText.object(comparison.json).text)
        try publish(.object(baseReport(metric, target, table, candidateValue) + [
            ("champion", .object([("reference", .string(config.champion)), ("format", .string(champion.modelDescription.format)),
                                  ("value", .number(championValue))])),
        ] + comparison.json), artifact: "champion.json", call: call, host: host)
        guard comparison.passed else {
            throw StageError.gateFailed("champion gate failed: \(comparison.sentence)")
        }
        host.info("champion gate passed: \(comparison.sentence)")
    }

    private func metricSpec(_ task: ModelTask) throws -> MetricSpec {
        let name = config.metric ?? (task == .regression ? "rmse" : "accuracy")
        do {
            return try MetricCatalog.require(name, task: task, field: "'metric'")
        } catch {
            throw StageError.invalidConfig(error.message)
        }
    }

    /// Nil when the reference names nothing (no champion yet).
    private func loadChampion() throws -> HostModel? {
        do {
            return try host.loadModel(reference: config.champion)
        } catch let error as StageError {
            throw StageError(error.status == .unsupported ? .invalidInput : error.status,
                             "the champion '\(config.champion)' cannot be loaded: \(error.message)")
        }
    }

    private func measure(_ model: HostModel, _ table: Table, _ target: String, _ metric: MetricSpec, role: String) throws -> Double {
        let evaluation = try Evaluation.run(model, on: table, target: target, positiveLabel: config.positive_label?.text)
        do {
            return try evaluation.value(of: metric.name)
        } catch {
            throw StageError.invalidInput("the \(role)'s \(metric.name) cannot be computed on the test table: \(error.message)")
        }
    }

    private func baseReport(_ metric: MetricSpec, _ target: String, _ table: Table, _ value: Double) -> [(String, JSONText)] {
        [("version", .integer(1)), ("metric", .string(metric.name)), ("higher_is_better", .bool(metric.higherIsBetter)),
         ("target", .string(target)), ("rows", .integer(Int64(table.rowCount))), ("candidate", .object([("value", .number(value))]))]
    }
}
