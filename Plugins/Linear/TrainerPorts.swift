import SluiceKit

/// The ports and config keys every sluice.linear stage shares.
enum TrainerPorts {
    static let inputs = [
        Port("train", .table, description: "the rows to fit on: numeric feature columns and the target"),
        Port("scaler", .report, optional: true,
             description: "sluice.transforms/standardize's scaler, recorded in the model as the preprocessing it expects"),
    ]

    static let outputs = [
        Port("model", .model, description: "the fitted model, format sluice.linear/1 (\(LinearModelArtifact.mediaType))"),
    ]

    /// The JSON Schema properties of `fit_intercept`, `features` and `target`, to splice
    /// into each stage's schema.
    static let commonProperties = #"""
        "fit_intercept":{"type":"boolean","default":true,"description":"fit an intercept (false: the model goes through the origin)"},
        "features":{"type":"array","items":{"type":"string","minLength":1},"minItems":1,
                    "description":"the feature columns (default: every column but the target)"},
        "target":{"type":"string","minLength":1,
                  "description":"the column to predict (default: the table's sluice.target, set by sluice.csv/load)"}
        """#
}

/// The config keys every stage shares.
struct CommonConfig: Decodable {
    var fitIntercept: Bool
    var features: [String]?
    var target: String?

    enum CodingKeys: String, CodingKey {
        case fitIntercept = "fit_intercept", features, target
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fitIntercept = try container.decodeIfPresent(Bool.self, forKey: .fitIntercept) ?? true
        features = try container.decodeIfPresent([String].self, forKey: .features)
        target = try container.decodeIfPresent(String.self, forKey: .target)
        if let features {
            var seen = Set<String>()
            for name in features where !seen.insert(name).inserted {
                throw StageError.invalidConfig("'features' lists column '\(name)' twice; list each column once")
            }
            if let target, features.contains(target) {
                throw StageError.invalidConfig("'features' includes the target '\(target)'; a model cannot take what it predicts as input")
            }
        }
    }
}
