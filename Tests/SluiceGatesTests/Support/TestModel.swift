import Foundation
@testable import SluiceJSON
@testable import SluiceStore
import SluiceSupport

/// A model artifact of the test plugin's models (Tests/Fixtures/TestPlugin/TestModels.swift),
/// written by hand: what a trainer would have put on its `model` port.
struct TestModel {
    let json: String
    let mediaType: String?

    /// Predicts `slope * feature + intercept`.
    static func line(feature: String = "x", slope: Double, intercept: Double = 0, target: String = "y") -> TestModel {
        TestModel(json: #"{"format":"sluice.test-regressor/1","target":"\#(target)","feature":"\#(feature)","slope":\#(slope),"intercept":\#(intercept)}"#,
                  mediaType: "application/vnd.sluice.test-regressor+json")
    }

    /// Predicts `classes[1]` when `feature >= threshold`, with logistic probabilities.
    static func threshold(feature: String = "x", at threshold: Double, scale: Double = 4, classes: [String] = ["no", "yes"],
                          labelType: String = "utf8", target: String = "y") -> TestModel {
        let labels = classes.map { "\"\($0)\"" }.joined(separator: ",")
        return TestModel(json: #"{"format":"sluice.test-classifier/1","target":"\#(target)","feature":"\#(feature)","threshold":\#(threshold),"scale":\#(scale),"classes":[\#(labels)],"labelType":"\#(labelType)"}"#,
                         mediaType: "application/vnd.sluice.test-classifier+json")
    }

    /// The same bytes without a media type (a plain file): the host must ask the plugins.
    var untyped: TestModel { TestModel(json: json, mediaType: nil) }

    var portValue: PortValue { .bytes(.from(json), mediaType: mediaType ?? "application/octet-stream") }

    /// Writes the artifact to `path`, as a model file a champion reference can name.
    func write(to path: String) throws {
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
    }
}

extension JSONValue {
    /// The member at a path of keys and indices, e.g. `report["gates", 0, "passed"]`.
    subscript(_ path: Any...) -> JSONValue? {
        var current: JSONValue? = self
        for step in path {
            switch (current, step) {
            case (.object(let members)?, let key as String): current = members[key]
            case (.array(let values)?, let index as Int): current = values.indices.contains(index) ? values[index] : nil
            default: return nil
            }
        }
        return current
    }

    var number: Double? { doubleValue }
    var text: String? { if case .string(let s) = self { s } else { nil } }
    var flag: Bool? { if case .bool(let b) = self { b } else { nil } }
    var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
}
