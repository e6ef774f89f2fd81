import SluiceKit
import SluiceMetrics

/// What the equivalence gate compares the candidate with: another form of the model
/// (`other`, predicted here on the test table) or the predictions another
/// implementation already made for it (the `expected` input). Either way the result is
/// the same kind of `Predictions`, so one comparison (`Equivalence`) judges both.
struct Comparand {
    let predictions: Predictions
    /// Classifiers: its classes, in its own order (the candidate's for `expected`).
    let classes: [String]
    /// How messages name it: "'dist/houses'" or "the expected predictions".
    let name: String
    /// What the report and the gate's param say about it.
    let report: (String, JSONText)
    let param: (String, JSONText)

    /// The model `reference` names, predicted on `table`. It must do the candidate's
    /// task with the same classes; nothing there is a configuration error.
    static func model(_ reference: String, host: HostServices, candidate: HostModel, classes: [String], table: Table) throws -> Comparand {
        let other = try load(reference, host: host)
        let description = candidate.modelDescription, otherDescription = other.modelDescription
        guard ModelInput.task(of: other) == ModelInput.task(of: candidate) else {
            throw StageError.invalidConfig("'other' ('\(reference)') does \(otherDescription.task.rawValue) and the candidate does \(description.task.rawValue): they cannot be compared; 'other' must be the same model in another form")
        }
        var otherClasses: [String] = []
        if description.task == .classification {
            otherClasses = try Predictions.matcher(for: otherDescription).classes
            if let mismatch = Equivalence.classMismatch(classes, otherClasses) {
                throw StageError.invalidConfig("'other' ('\(reference)') cannot be compared with the candidate: \(mismatch); 'other' must be the same model in another form")
            }
        }
        return Comparand(
            predictions: try Predictions.of(other, on: table, what: "the test table (as 'other')"),
            classes: otherClasses, name: "'\(reference)'",
            report: ("other", .object([("reference", .string(reference)), ("format", .string(otherDescription.format))])),
            param: ("other", .string(reference)))
    }

    /// The predictions on input `expected`, read for the candidate's task and classes.
    static func expected(_ call: StageCall, candidate: HostModel, classes: [String], table: Table) throws -> Comparand {
        let expected = try call.inputTable(ExpectedPredictions.port)
        let predictions = try ExpectedPredictions.read(expected, rows: table.rowCount, task: candidate.modelDescription.task, classes: classes)
        var probabilities = false
        if case .classification(_, let p) = predictions { probabilities = p != nil }
        return Comparand(
            predictions: predictions, classes: classes, name: "the expected predictions",
            report: ("expected", .object([("input", .string(ExpectedPredictions.port)), ("rows", .integer(Int64(expected.rowCount))),
                                          ("columns", .strings(expected.columnNames)), ("probabilities", .bool(probabilities))])),
            param: ("expected", .string("input '\(ExpectedPredictions.port)'")))
    }

    private static func load(_ reference: String, host: HostServices) throws -> HostModel {
        let model: HostModel?
        do {
            model = try host.loadModel(reference: reference)
        } catch let error as StageError {
            throw StageError(error.status == .unsupported ? .invalidInput : error.status,
                             "the other model '\(reference)' cannot be loaded: \(error.message)")
        }
        guard let model else {
            throw StageError.invalidConfig("'other' names no model: nothing at '\(reference)' to compare the candidate with. Give a model file (relative to the project), an artifact digest, NAME@ALIAS, NAME:VERSION or an export bundle folder")
        }
        return model
    }
}
