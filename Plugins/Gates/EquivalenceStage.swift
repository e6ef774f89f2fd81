import SluiceKit
import SluiceMetrics

/// Stage `equivalence`: what is trained is what is served. Predicts the same test table
/// with the candidate on `model` and with `other` (the same model translated, exported
/// or served another way) and fails when their predictions differ beyond a tolerance.
///
/// - `other`: a reference the host resolves, as `champion`'s `champion`: a model file
///   (relative to the project), an artifact digest, "NAME@ALIAS" / "NAME:VERSION", or a
///   deployment bundle folder (`sluice.deploy/export`). Nothing there is an error:
///   there is nothing to compare against.
/// - `tolerance` (absolute) and `relative_tolerance`: a pair of predictions (or class
///   probabilities) is equal when |a − b| ≤ max(tolerance, relative_tolerance ×
///   max(|a|, |b|)), as numpy.isclose; both default to 1e-9.
/// - `min_agreement` (classifiers, default 1): the share of rows (0…1) on which both
///   models must predict the same label.
/// - Both models must do the same task and, for classifiers, know the same classes.
/// - Report (port `report`, artifact `equivalence.json`): rows, largest absolute and
///   relative difference, agreement, and the worst rows (up to 10).
struct EquivalenceStage: Tester {
    struct Config: Decodable {
        var other: String
        var tolerance: Double?
        var relative_tolerance: Double?
        var min_agreement: Double?
    }

    static let id = "equivalence"
    static let summary = "Fails when another form of the model (a file, a digest, a registered version, a bundle) predicts differently"
    static let configSchema = #"""
        {"type":"object","required":["other"],"additionalProperties":false,
         "properties":{
           "other":{"type":"string","minLength":1,"description":"the model to compare with: a model file, an artifact digest, NAME@ALIAS, NAME:VERSION or an export bundle folder"},
           "tolerance":{"type":"number","minimum":0,"default":1e-9,"description":"the absolute difference allowed between two predictions or class probabilities"},
           "relative_tolerance":{"type":"number","minimum":0,"default":1e-9,"description":"the difference allowed as a fraction of the larger of the two values"},
           "min_agreement":{"type":"number","minimum":0,"maximum":1,"default":1,"description":"classifiers: the smallest share of rows on which both predict the same label"}}}
        """#
    static let inputs = [
        Port("model", .model, description: "the candidate model"),
        Port("test", .table, description: "the table both models predict"),
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
        let other = try loadOther()
        let description = candidate.modelDescription, otherDescription = other.modelDescription
        guard ModelInput.task(of: other) == ModelInput.task(of: candidate) else {
            throw StageError.invalidConfig("'other' ('\(config.other)') does \(otherDescription.task.rawValue) and the candidate does \(description.task.rawValue): they cannot be compared; 'other' must be the same model in another form")
        }
        var classes: [String] = [], otherClasses: [String] = []
        if description.task == .classification {
            classes = try Predictions.matcher(for: description).classes
            otherClasses = try Predictions.matcher(for: otherDescription).classes
            if let mismatch = Equivalence.classMismatch(classes, otherClasses) {
                throw StageError.invalidConfig("'other' ('\(config.other)') cannot be compared with the candidate: \(mismatch); 'other' must be the same model in another form")
            }
        }

        let closeness = Closeness(absolute: config.tolerance ?? 1e-9, relative: config.relative_tolerance ?? 1e-9)
        let equivalence = Equivalence(
            candidate: try Predictions.of(candidate, on: table),
            other: try Predictions.of(other, on: table, what: "the test table (as 'other')"),
            classes: classes, otherClasses: otherClasses, closeness: closeness)
        let verdict = EquivalenceVerdict(equivalence: equivalence, minAgreement: config.min_agreement ?? 1, other: config.other)

        for (name, value) in [("max_absolute_difference", equivalence.maxAbsoluteDifference), ("max_relative_difference", equivalence.maxRelativeDifference),
                              ("rows_beyond_tolerance", Double(equivalence.beyondTolerance))] where value.isFinite {
            host.metric("equivalence.\(name)", value)
        }
        if equivalence.isClassification { host.metric("equivalence.agreement", equivalence.agreement) }
        host.metric("gate.equivalence", verdict.passed ? 1 : 0)
        host.param("gate.equivalence", json: JSONText.object([("other", .string(config.other))] + verdict.json.filter { $0.0 != "worst_rows" }).text)

        try publish(.object([
            ("version", .integer(1)), ("task", .string(description.task.rawValue)), ("rows", .integer(Int64(table.rowCount))),
            ("candidate", .object([("format", .string(description.format))])),
            ("other", .object([("reference", .string(config.other)), ("format", .string(otherDescription.format))])),
        ] + (equivalence.isClassification ? [("classes", .strings(classes))] : []) + verdict.json),
        artifact: "equivalence.json", call: call, host: host)

        guard verdict.passed else { throw StageError.gateFailed("equivalence gate failed: \(verdict.sentence)") }
        host.info("equivalence gate passed: \(verdict.sentence)")
    }

    /// The model `other` names; nothing there is a configuration error.
    private func loadOther() throws -> HostModel {
        let model: HostModel?
        do {
            model = try host.loadModel(reference: config.other)
        } catch let error as StageError {
            throw StageError(error.status == .unsupported ? .invalidInput : error.status,
                             "the other model '\(config.other)' cannot be loaded: \(error.message)")
        }
        guard let model else {
            throw StageError.invalidConfig("'other' names no model: nothing at '\(config.other)' to compare the candidate with. Give a model file (relative to the project), an artifact digest, NAME@ALIAS, NAME:VERSION or an export bundle folder")
        }
        return model
    }
}
