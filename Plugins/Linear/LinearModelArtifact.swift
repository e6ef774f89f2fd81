import Foundation
import SluiceKit

/// The model artifact, format `sluice.linear/1`: everything needed to predict, and
/// enough about how it was made to audit it. Documented in Plugins/Linear/MODEL_FORMAT.md;
/// a change that an older reader would misread is a new version, never an edit of this one.
struct LinearModelArtifact: Codable, Equatable {
    static let currentFormat = "sluice.linear/1"
    /// The versions `decode` reads.
    static let readableFormats = [currentFormat]
    static let mediaType = "application/vnd.sluice.linear-model+json"

    /// Written first, so the first bytes of the file say what it is.
    var format: String
    /// "linear", "ridge" or "logistic": the stage that fitted it.
    var model: String
    var task: ModelDescription.Task
    var features: [Field]
    var target: Field
    /// Classification: the class labels as text, in the order of `coefficients` rows
    /// (multinomial) and of the probability columns.
    var classes: [String]?
    /// Classification: the type of the predicted label, "utf8" or "int64".
    var labelType: String?
    /// scikit-learn's `coef_`: one row for regression and binary logistic (the row of
    /// the second class), one row per class for multinomial; one value per feature.
    var coefficients: [[Double]]
    /// scikit-learn's `intercept_`, one per row of `coefficients`.
    var intercepts: [Double]
    var hyperparameters: Hyperparameters
    var preprocessing: Preprocessing
    var training: Training
    var producer: Producer

    struct Field: Codable, Equatable {
        var name: String
        var type: String
    }

    struct Hyperparameters: Codable, Equatable {
        var fitIntercept: Bool
        var alpha: Double?
        var C: Double?
        var tol: Double?
        var maxIter: Int?

        enum CodingKeys: String, CodingKey {
            case fitIntercept = "fit_intercept", alpha, C, tol, maxIter = "max_iter"
        }
    }

    /// What must happen to raw data before it reaches the model. The model applies
    /// none of it: a pipeline serving it applies the same transforms first.
    struct Preprocessing: Codable, Equatable {
        /// The fitted scaler of sluice.transforms/standardize when the stage was given
        /// it (input port `scaler`): by column, mean, std and scale.
        var standardize: Standardize?
        /// Whether every feature had mean 0 and standard deviation 1 on the training
        /// rows (to 1e-6): a hint that the inputs were standardised, even without `standardize`.
        var featuresLookStandardized: Bool
        /// One sentence for people: what to do to raw data before predicting.
        var note: String

        struct Standardize: Codable, Equatable {
            var stage: String
            var columns: [String: Scale]
        }

        struct Scale: Codable, Equatable {
            var mean: Double
            var std: Double
            var scale: Double
        }

        enum CodingKeys: String, CodingKey {
            case standardize, featuresLookStandardized = "features_look_standardized", note
        }
    }

    struct Training: Codable, Equatable {
        var rows: Int
        var iterations: Int?
        var converged: Bool?
        /// Metrics on the training rows (r2, rmse, mae; accuracy, log_loss).
        var metrics: [String: Double]
    }

    struct Producer: Codable, Equatable {
        var plugin: String
        var pluginVersion: String
        var stage: String
        var host: String

        enum CodingKeys: String, CodingKey {
            case plugin, pluginVersion = "plugin_version", stage, host
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, model, task, features, target, classes, labelType = "label_type", coefficients, intercepts
        case hyperparameters, preprocessing, training, producer
    }
}

extension LinearModelArtifact {
    /// The JSON bytes: keys sorted, so the same model always has the same bytes (and
    /// digest, which stage caching relies on), except `format`, moved first so the
    /// first bytes of a file say what it is.
    func encoded() throws -> [UInt8] {
        var text = try JSONValueEncoder().encode(self).prettyText
        let formatLine = "\n  \"format\" : \"\(format)\","
        guard let range = text.range(of: formatLine), text.hasPrefix("{") else {
            throw StageError(.internal, "the model artifact did not encode as expected (no top-level format line)")
        }
        text.removeSubrange(range)
        text.insert(contentsOf: formatLine, at: text.index(after: text.startIndex))
        return Array(text.utf8)
    }

    /// Reads an artifact, checking its format version before anything else.
    static func decode(_ bytes: [UInt8]) throws -> LinearModelArtifact {
        guard let json = try? JSONValue.parse(bytes), case .object(let members) = json else {
            throw StageError.invalidInput("the model artifact is not JSON (or not a JSON object); a sluice.linear model is a JSON file starting with {\"format\": \"\(currentFormat)\"")
        }
        guard let format = members["format"]?.stringValue else {
            throw StageError.invalidInput("the model artifact has no \"format\" field, so it is not a sluice.linear model")
        }
        guard readableFormats.contains(format) else {
            let hint = format.hasPrefix("sluice.linear/") ? "it was written by a newer sluice.linear: upgrade the plugin" : "it is not a sluice.linear model"
            throw StageError(.unsupported, "model format '\(format)' is not one this plugin reads (it reads \(readableFormats.joined(separator: ", "))); \(hint)")
        }
        let artifact: LinearModelArtifact
        do {
            artifact = try JSONValueDecoder().decode(LinearModelArtifact.self, from: json)
        } catch {
            throw StageError.invalidInput("the \(format) model artifact is damaged: \(describe(error))")
        }
        try artifact.validate()
        return artifact
    }

    /// The shape checks a hand-edited or truncated artifact could fail.
    private func validate() throws {
        func damaged(_ what: String) -> StageError { StageError.invalidInput("the \(format) model artifact is inconsistent: \(what)") }
        let p = features.count
        guard p > 0 else { throw damaged("it has no features") }
        guard coefficients.count == intercepts.count, !coefficients.isEmpty else {
            throw damaged("\(coefficients.count) coefficient rows but \(intercepts.count) intercepts")
        }
        if let row = coefficients.firstIndex(where: { $0.count != p }) {
            throw damaged("coefficient row \(row) has \(coefficients[row].count) values for \(p) features")
        }
        guard coefficients.joined().allSatisfy(\.isFinite), intercepts.allSatisfy(\.isFinite) else { throw damaged("a coefficient is not finite") }
        switch task {
        case .regression:
            guard coefficients.count == 1 else { throw damaged("a regression model has one coefficient row, not \(coefficients.count)") }
        case .classification:
            guard let classes, classes.count >= 2 else { throw damaged("a classifier needs at least two classes") }
            guard coefficients.count == (classes.count == 2 ? 1 : classes.count) else {
                throw damaged("\(classes.count) classes need \(classes.count == 2 ? 1 : classes.count) coefficient rows, not \(coefficients.count)")
            }
            guard labelType == "utf8" || (labelType == "int64" && classes.allSatisfy { Int64($0) != nil }) else {
                throw damaged("label_type must be utf8, or int64 with whole-number classes (it is \(labelType ?? "missing"))")
            }
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "field \((context.codingPath + [key]).map(\.stringValue).joined(separator: ".")) is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            "field \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default:
            "\(error)"
        }
    }
}
