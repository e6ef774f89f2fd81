import SluiceKit
import SluiceMetrics

/// Stage `equivalence`: what is trained is what is served. Predicts the test table with
/// the candidate on `model` and compares those predictions with either
///
/// - `other`: the same model translated, exported or served another way, predicted here
///   on the same table. A reference the host resolves, as `champion`'s `champion`: a
///   model file (relative to the project), an artifact digest, "NAME@ALIAS" /
///   "NAME:VERSION", or a deployment bundle folder (`sluice.deploy/export`). Nothing
///   there is an error: there is nothing to compare against. Both models must do the
///   same task and, for classifiers, know the same classes.
/// - or the `expected` input: a table of the predictions another implementation made
///   for the same test rows (e.g. scikit-learn's, for the ONNX export of its pipeline):
///   column `prediction` and, for classifiers, optionally `probability_<label>` per
///   class; one row per test row, in the same order. Its labels must be the
///   candidate's classes.
///
/// Exactly one of the two is given. The gate fails when they differ beyond a tolerance:
///
/// - `tolerance` (absolute) and `relative_tolerance`: a pair of predictions (or class
///   probabilities) is equal when |a − b| ≤ max(tolerance, relative_tolerance ×
///   max(|a|, |b|)), as numpy.isclose; both default to 1e-9.
/// - `min_agreement` (classifiers, default 1): the share of rows (0…1) on which both
///   must predict the same label.
/// - Report (port `report`, artifact `equivalence.json`): rows, largest absolute and
///   relative difference, agreement, and the worst rows (up to 10).
struct EquivalenceStage: Tester {
    struct Config: Decodable {
        var other: String?
        var tolerance: Double?
        var relative_tolerance: Double?
        var min_agreement: Double?
    }

    static let id = "equivalence"
    static let summary = "Fails when another form of the model (a file, a digest, a registered version, a bundle) or another implementation's predictions differ"
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,
         "properties":{
           "other":{"type":"string","minLength":1,"description":"the model to compare with: a model file, an artifact digest, NAME@ALIAS, NAME:VERSION or an export bundle folder (or connect the expected input instead)"},
           "tolerance":{"type":"number","minimum":0,"default":1e-9,"description":"the absolute difference allowed between two predictions or class probabilities"},
           "relative_tolerance":{"type":"number","minimum":0,"default":1e-9,"description":"the difference allowed as a fraction of the larger of the two values"},
           "min_agreement":{"type":"number","minimum":0,"maximum":1,"default":1,"description":"classifiers: the smallest share of rows on which both predict the same label"}}}
        """#
    static let inputs = [
        Port("model", .model, description: "the candidate model"),
        Port("test", .table, description: "the table the candidate predicts"),
        Port(ExpectedPredictions.port, .table, optional: true,
             description: "instead of 'other': another implementation's predictions for the test rows (prediction, probability_<label>), one row per test row"),
    ]
    static let outputs = GatePorts.outputs

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let expected = call.hasInput(ExpectedPredictions.port)
        switch (config.other, expected) {
        case (_?, true):
            throw StageError.invalidConfig("both 'other' and the '\(ExpectedPredictions.port)' input give what to compare the candidate with; keep one")
        case (nil, false):
            throw StageError.invalidConfig("nothing to compare the candidate with: set 'other' (a model file, an artifact digest, NAME@ALIAS, NAME:VERSION or an export bundle folder) or connect the '\(ExpectedPredictions.port)' input (a table of another implementation's predictions)")
        default: break
        }
        let candidate = try ModelInput.load(call, host: host)
        let table = try TestTable.read(call)
        let description = candidate.modelDescription
        let classes = description.task == .classification ? try Predictions.matcher(for: description).classes : []
        let comparand = if let other = config.other {
            try Comparand.model(other, host: host, candidate: candidate, classes: classes, table: table)
        } else {
            try Comparand.expected(call, candidate: candidate, classes: classes, table: table)
        }

        let closeness = Closeness(absolute: config.tolerance ?? 1e-9, relative: config.relative_tolerance ?? 1e-9)
        let equivalence = Equivalence(
            candidate: try Predictions.of(candidate, on: table), other: comparand.predictions,
            classes: classes, otherClasses: comparand.classes, closeness: closeness)
        let verdict = EquivalenceVerdict(equivalence: equivalence, minAgreement: config.min_agreement ?? 1, other: comparand.name)

        for (name, value) in [("max_absolute_difference", equivalence.maxAbsoluteDifference), ("max_relative_difference", equivalence.maxRelativeDifference),
                              ("rows_beyond_tolerance", Double(equivalence.beyondTolerance))] where value.isFinite {
            host.metric("equivalence.\(name)", value)
        }
        if equivalence.isClassification { host.metric("equivalence.agreement", equivalence.agreement) }
        host.metric("gate.equivalence", verdict.passed ? 1 : 0)
        host.param("gate.equivalence", json: JSONText.object([comparand.param] + verdict.json.filter { $0.0 != "worst_rows" }).text)

        try publish(.object([
            ("version", .integer(1)), ("task", .string(description.task.rawValue)), ("rows", .integer(Int64(table.rowCount))),
            ("candidate", .object([("format", .string(description.format))])), comparand.report,
        ] + (equivalence.isClassification ? [("classes", .strings(classes))] : []) + verdict.json),
        artifact: "equivalence.json", call: call, host: host)

        guard verdict.passed else { throw StageError.gateFailed("equivalence gate failed: \(verdict.sentence)") }
        host.info("equivalence gate passed: \(verdict.sentence)")
    }
}
