import Foundation
import SluiceKit

// Two tiny models with the model capability ("sluice.predict/1"), so the tests of
// testers (sluice.gates) need no real trainer: a line through one feature (or the
// mean of the training target), and a threshold on one feature that gives
// probabilities. Their artifacts are small JSON documents tests can also write by hand.

/// Predicts `slope * feature + intercept`, or the constant `intercept` without a feature.
struct TestRegressor: PredictiveModel {
    struct Artifact: Codable {
        var format = TestRegressor.format
        var target: String
        var feature: String?
        var slope: Double
        var intercept: Double
    }

    static let format = "sluice.test-regressor/1"
    static let mediaTypes = ["application/vnd.sluice.test-regressor+json"]
    static func accepts(prefix: [UInt8]) -> Bool { hasFormat(prefix, "sluice.test-regressor") }

    let artifact: Artifact

    init(artifact bytes: [UInt8]) throws {
        artifact = try decodeTestModel(Artifact.self, bytes, format: Self.format)
    }

    var modelDescription: ModelDescription {
        ModelDescription(format: Self.format, task: .regression,
                         features: artifact.feature.map { [.init(name: $0, type: "float64")] } ?? [],
                         target: artifact.target, outputs: [.init(name: ModelDescription.predictionColumn, type: "float64")])
    }

    func predict(_ input: Table) throws -> Table {
        let x = try artifact.feature.map { try featureValues(input, $0) } ?? [Double](repeating: 0, count: input.rowCount)
        return try Table([Column(ModelDescription.predictionColumn, doubles: x.map { artifact.slope * $0 + artifact.intercept })])
    }
}

/// Predicts `classes[1]` when `feature >= threshold`, else `classes[0]`, with the
/// probability of `classes[1]` the logistic of `(feature − threshold) × scale`.
struct TestClassifier: PredictiveModel {
    struct Artifact: Codable {
        var format = TestClassifier.format
        var target: String
        var feature: String
        var threshold: Double
        var scale: Double
        var classes: [String]
        /// "int64" or "utf8": the prediction column's type, that of the training target.
        var labelType: String
    }

    static let format = "sluice.test-classifier/1"
    static let mediaTypes = ["application/vnd.sluice.test-classifier+json"]
    static func accepts(prefix: [UInt8]) -> Bool { hasFormat(prefix, "sluice.test-classifier") }

    let artifact: Artifact

    init(artifact bytes: [UInt8]) throws {
        artifact = try decodeTestModel(Artifact.self, bytes, format: Self.format)
        guard artifact.classes.count == 2 else { throw StageError.invalidInput("a test classifier has two classes, not \(artifact.classes.count)") }
    }

    var modelDescription: ModelDescription {
        ModelDescription(format: Self.format, task: .classification, features: [.init(name: artifact.feature, type: "float64")],
                         target: artifact.target, classes: artifact.classes,
                         outputs: [.init(name: ModelDescription.predictionColumn, type: artifact.labelType)]
                             + artifact.classes.map { .init(name: ModelDescription.probabilityColumn($0), type: "float64") })
    }

    func predict(_ input: Table) throws -> Table {
        let x = try featureValues(input, artifact.feature)
        let positive = x.map { 1 / (1 + exp(-($0 - artifact.threshold) * artifact.scale)) }
        let labels = x.map { artifact.classes[$0 >= artifact.threshold ? 1 : 0] }
        let prediction = artifact.labelType == "int64"
            ? Column(ModelDescription.predictionColumn, int64s: labels.map { Int64($0) })
            : Column(ModelDescription.predictionColumn, strings: labels)
        return try Table([
            prediction,
            Column(ModelDescription.probabilityColumn(artifact.classes[0]), doubles: positive.map { 1 - $0 }),
            Column(ModelDescription.probabilityColumn(artifact.classes[1]), doubles: positive),
        ])
    }
}

/// Reads a test model's JSON, refusing format versions it does not know as the
/// protocol asks (SLUICE_ERR_UNSUPPORTED, saying which versions it reads).
private func decodeTestModel<A: Decodable>(_ type: A.Type, _ bytes: [UInt8], format: String) throws -> A {
    guard let header = try? JSONDecoder().decode(TestModelHeader.self, from: Data(bytes)) else {
        throw StageError.invalidInput("not a test model: expected JSON with a \"format\" field")
    }
    guard header.format == format else {
        throw StageError(.unsupported, "model format '\(header.format)' is not one this plugin reads; it reads \(format)")
    }
    do {
        return try JSONDecoder().decode(A.self, from: Data(bytes))
    } catch {
        throw StageError.invalidInput("the \(format) model is incomplete: \(error)")
    }
}

/// Whether the artifact's text names format `id` (any version). JSON may escape the
/// slash ("\/"), as Foundation's encoder does by default.
private func hasFormat(_ prefix: [UInt8], _ id: String) -> Bool {
    let text = String(decoding: prefix, as: UTF8.self)
    return text.contains("\"\(id)/") || text.contains("\"\(id)\\/")
}

/// The JSON a test trainer writes.
func encodeTestModel<A: Encodable>(_ artifact: A) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(artifact))
}

private struct TestModelHeader: Decodable { var format: String }

/// A numeric feature column without nulls.
private func featureValues(_ table: Table, _ name: String) throws -> [Double] {
    let column = try table.column(name)
    guard column.type.isNumeric, column.nullCount == 0 else {
        throw StageError.invalidInput("feature '\(name)' must be a number column without nulls (it is \(column.type.rawValue) with \(column.nullCount) null(s))")
    }
    return column.doubles()
}
