import SluiceKit
import SluiceMetrics

/// Stage `invariance`: a behaviour test. Perturbs one column of the test table and
/// fails when the model's predictions move more than allowed.
///
/// - `column` and `perturbation` (`{add: 0.1}`, `{multiply: 1.05}`, `{set: value}`,
///   `{replace: {from: to}}`; see `Perturbation`).
/// - `tolerance` (default 0): the largest absolute change allowed in a row's
///   prediction (regression) or in any of its class probabilities (classification).
/// - `max_flipped` (default 0, classifiers): the largest share of rows (0…1) whose
///   predicted label may change.
/// - Report (port `report`, artifact `invariance.json`): how many inputs changed, how
///   many predictions moved beyond the tolerance, the worst row, the flipped share.
struct InvarianceStage: Tester {
    struct Config: Decodable {
        var column: String
        var perturbation: Perturbation.Config
        var tolerance: Double?
        var max_flipped: Double?
    }

    static let id = "invariance"
    static let summary = "Fails when perturbing a column moves the predictions more than a tolerance"
    static let configSchema = #"""
        {"type":"object","required":["column","perturbation"],"additionalProperties":false,
         "properties":{
           "column":{"type":"string","minLength":1,"description":"the column to perturb"},
           "perturbation":{"type":"object","additionalProperties":false,
             "description":"exactly one of: {add: x}, {multiply: x}, {set: value}, {replace: {from: to}}",
             "properties":{"add":{"type":"number"},"multiply":{"type":"number"},
                           "set":{"type":["number","string","boolean"]},
                           "replace":{"type":"object","additionalProperties":{"type":"string"}}}},
           "tolerance":{"type":"number","minimum":0,"description":"largest allowed absolute change of a prediction or class probability (default 0)"},
           "max_flipped":{"type":"number","minimum":0,"maximum":1,"description":"classifiers: largest allowed share of rows whose predicted label changes (default 0)"}}}
        """#
    static let inputs = GatePorts.inputs
    static let outputs = GatePorts.outputs

    let config: Config
    let perturbation: Perturbation
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        perturbation = try Perturbation(config.perturbation)
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let model = try ModelInput.load(call, host: host)
        let table = try TestTable.read(call)
        guard let original = table[config.column] else {
            throw StageError.invalidInput("the test table has no column '\(config.column)' to perturb; its columns are: \(table.columnNames.joined(separator: ", "))")
        }
        let (perturbedColumn, changedInputs) = try perturbation.apply(to: original)
        if changedInputs == 0 { host.warning("\(perturbation) changed no value of '\(config.column)': the test checks nothing") }
        let perturbed = try table.with(columns: table.columns.map { $0.name == config.column ? perturbedColumn : $0 })

        let before = try Predictions.of(model, on: table)
        let after = try Predictions.of(model, on: perturbed, what: "the perturbed test table")
        let shift = PredictionShift(before: before, after: after, classes: model.modelDescription.classes ?? [])
        let tolerance = config.tolerance ?? 0, maxFlipped = config.max_flipped ?? 0
        let verdict = InvarianceVerdict(shift: shift, tolerance: tolerance, maxFlipped: maxFlipped)

        host.metric("invariance.max_change", shift.worst?.change ?? 0)
        host.metric("invariance.rows_beyond_tolerance", Double(verdict.violations))
        if shift.isClassification { host.metric("invariance.flipped_share", shift.flippedShare) }
        host.metric("gate.invariance", verdict.passed ? 1 : 0)

        try publish(.object([
            ("version", .integer(1)), ("column", .string(config.column)), ("perturbation", .string(perturbation.description)),
            ("rows", .integer(Int64(table.rowCount))), ("inputs_changed", .integer(Int64(changedInputs))),
        ] + verdict.json), artifact: "invariance.json", call: call, host: host)

        let summary = "perturbing '\(config.column)' (\(perturbation)) \(verdict.sentence)"
        guard verdict.passed else { throw StageError.gateFailed("invariance gate failed: \(summary)") }
        host.info("invariance gate passed: \(summary)")
    }
}
