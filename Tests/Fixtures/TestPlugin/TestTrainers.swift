import Foundation
import SluiceKit

/// Trains a `TestRegressor`: the given line through `feature`, or the mean of the
/// training target when no slope is given.
struct FitMean: Trainer {
    struct Config: Decodable {
        var target: String?
        var feature: String?
        var slope: Double?
        var intercept: Double?
    }
    static let id = "fit_mean"
    static let summary = "A test regressor: slope * feature + intercept, or the mean of the target"
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,
         "properties":{"target":{"type":"string"},"feature":{"type":"string"},
                       "slope":{"type":"number"},"intercept":{"type":"number"}}}
        """#
    static let inputs = [Port("data", .table)]
    static let outputs = [Port("model", .model)]

    let config: Config
    let host: HostServices
    init(config: Config, host: HostServices) throws {
        guard config.slope == nil || config.feature != nil else { throw StageError.invalidConfig("'slope' needs 'feature'") }
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let table = try call.inputTable("data")
        let target = try testTarget(config.target, table)
        let artifact: TestRegressor.Artifact
        if let slope = config.slope {
            artifact = .init(target: target, feature: config.feature, slope: slope, intercept: config.intercept ?? 0)
        } else {
            let values = try table.column(target).doubles().filter { !$0.isNaN }
            guard !values.isEmpty else { throw StageError.invalidInput("the target '\(target)' has no numbers to average") }
            artifact = .init(target: target, feature: nil, slope: 0, intercept: values.reduce(0, +) / Double(values.count))
        }
        host.metric("intercept", artifact.intercept)
        try call.output("model", bytes: try encodeTestModel(artifact), mediaType: TestRegressor.mediaTypes[0])
    }
}

/// Trains a `TestClassifier` on a two-class target: threshold (default: the mean of
/// the feature) and scale as configured.
struct FitThreshold: Trainer {
    struct Config: Decodable {
        var target: String?
        var feature: String
        var threshold: Double?
        var scale: Double?
    }
    static let id = "fit_threshold"
    static let summary = "A test classifier: a threshold on one feature, with logistic probabilities"
    static let configSchema = #"""
        {"type":"object","required":["feature"],"additionalProperties":false,
         "properties":{"target":{"type":"string"},"feature":{"type":"string"},
                       "threshold":{"type":"number"},"scale":{"type":"number","exclusiveMinimum":0}}}
        """#
    static let inputs = [Port("data", .table)]
    static let outputs = [Port("model", .model)]

    let config: Config
    init(config: Config, host: HostServices) throws { self.config = config }

    func run(_ call: StageCall) throws {
        let table = try call.inputTable("data")
        let target = try testTarget(config.target, table)
        let column = try table.column(target)
        let labels = Set(column.strings().compactMap { $0 })
        guard labels.count == 2 else { throw StageError.invalidInput("the target '\(target)' has \(labels.count) distinct labels; fit_threshold needs two") }
        let isInteger = column.type == .int64 || column.type == .int32
        // Sorted as scikit-learn sorts classes: numerically for integer labels.
        let classes = isInteger ? labels.sorted { Int64($0)! < Int64($1)! } : labels.sorted()
        let feature = try table.column(config.feature).doubles()
        let artifact = TestClassifier.Artifact(
            target: target, feature: config.feature, threshold: config.threshold ?? feature.reduce(0, +) / Double(max(feature.count, 1)),
            scale: config.scale ?? 4, classes: classes, labelType: isInteger ? "int64" : "utf8")
        try call.output("model", bytes: try encodeTestModel(artifact), mediaType: TestClassifier.mediaTypes[0])
    }
}

private func testTarget(_ configured: String?, _ table: Table) throws -> String {
    guard let target = configured ?? table.target else { throw StageError.invalidConfig("set 'target': the table names none") }
    return target
}
