import Foundation
import SluiceJSON
import SluiceKit
import SluiceONNX

/// Stage `import`: takes an ONNX model written by an earlier stage (a training script
/// run by sluice.exec with `outs: [model.onnx]`, or any model port), checks that every
/// operator is supported and that the inputs can be fed from table columns, runs it on
/// the `sample` table when given, and outputs it as an `application/onnx` model the
/// gates, the registry and the server take like any other.
///
/// What the graph alone does not say is added to the model's metadata_props (so the
/// file stays a plain ONNX model other runtimes load): the column names of a single
/// [N, F] input (`features`, else the sample's columns but the target), the target and
/// the task.
struct ImportStage: Loader {
    struct Config: Decodable {
        var path: String?
        var features: [String]?
        var target: String?
        var task: ModelDescription.Task?
    }

    static let id = "import"
    static let summary = "Imports an ONNX model (scikit-learn, XGBoost, LightGBM converters), checking it is supported"
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,
         "properties":{
           "path":{"type":"string","minLength":1,"format":"path",
                   "description":"the .onnx file, relative to the project folder (e.g. an earlier stage's outs); instead of the model input"},
           "features":{"type":"array","items":{"type":"string","minLength":1},"minItems":1,
                       "description":"the columns that fill a single [N, F] input tensor, in order (default: the model's sluice.features metadata, else the sample's columns but the target)"},
           "target":{"type":"string","minLength":1,"description":"the column the model predicts (default: the sample's sluice.target)"},
           "task":{"enum":["classification","regression"],"description":"default: classification when the model outputs labels, else regression"}}}
        """#
    static let inputs = [
        Port("model", .blob, optional: true, description: "the ONNX model's bytes, from another stage (instead of path)"),
        Port("sample", .table, optional: true, description: "rows to check the model on, e.g. the test split; its columns name the features by default"),
    ]
    static let outputs = [
        Port("model", .model, description: "the checked model, \(ONNXPredictiveModel.mediaType)"),
        Port("report", .report, description: "producer, opsets, operators, inputs and outputs, task and classes (JSON)"),
    ]

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        if let features = config.features {
            var seen = Set<String>()
            for name in features where !seen.insert(name).inserted {
                throw StageError.invalidConfig("'features' lists column '\(name)' twice; list each column once")
            }
            if let target = config.target, features.contains(target) {
                throw StageError.invalidConfig("'features' includes the target '\(target)'; a model cannot take what it predicts as input")
            }
        }
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let (original, source) = try modelBytes(call)
        let graph: ONNXModel
        do {
            graph = try ONNXModel(bytes: original)
        } catch {
            throw ONNXErrors.stageError(error, while: "\(source) is not a model sluice.onnx can run")
        }
        let sample = call.hasInput("sample") ? try call.inputTable("sample") : nil
        let target = config.target ?? graph.metadata[SluiceMetadata.target] ?? sample?.target
        var entries: [(key: String, value: String)] = [(SluiceMetadata.importedBy, "sluice.onnx \(pluginVersion)")]
        if let target { entries.append((SluiceMetadata.target, target)) }
        if let task = config.task { entries.append((SluiceMetadata.task, task.rawValue)) }
        if let features = try featureNames(graph, sample: sample, target: target) {
            entries.append((SluiceMetadata.features, JSONValue.array(features.map(JSONValue.string)).text))
        }
        let bytes = SluiceMetadata.appending(entries.filter { graph.metadata[$0.key] != $0.value }, to: original)
        let model: ONNXPredictiveModel
        do {
            model = try ONNXPredictiveModel(artifact: bytes)
        } catch let error as StageError {
            throw StageError(error.status, "\(source): \(error.message)")
        }
        if let sample {
            do {
                _ = try model.predict(sample)
            } catch let error as StageError {
                throw StageError(error.status, "\(source) does not run on the sample table: \(error.message)")
            }
            host.metric("sample_rows", Double(sample.rowCount))
        }
        host.metric("nodes", Double(graph.nodes.count))
        try call.output("model", bytes: bytes, mediaType: ONNXPredictiveModel.mediaType)
        let report = ImportReport(graph: graph, model: model, source: source, sampleRows: sample?.rowCount)
        try call.output("report", bytes: report.json.bytes(.pretty), mediaType: "application/json")
        host.info("imported \(source): \(model.modelDescription.task.rawValue), \(graph.nodes.count) nodes, inputs \(model.modelDescription.features.map(\.name).joined(separator: ", "))")
    }

    private func modelBytes(_ call: StageCall) throws -> ([UInt8], String) {
        switch (config.path, call.hasInput("model")) {
        case (let path?, false):
            let file = call.resolve(path)
            guard let data = FileManager.default.contents(atPath: file) else {
                let exists = FileManager.default.fileExists(atPath: file)
                throw StageError(exists ? .io : .notFound, exists
                    ? "cannot read \(path) (\(file)): check its permissions"
                    : "\(path) does not exist (\(file)): the stage that writes it must run first (list it in that stage's `outs` and this stage's `needs`)")
            }
            return ([UInt8](data), path)
        case (nil, true):
            return (try call.inputBytes("model").bytes, "the model input")
        case (nil, false):
            throw StageError.invalidConfig("give the model to import: `path: model.onnx`, or connect the `model` input")
        case (_?, true):
            throw StageError.invalidConfig("both `path` and the `model` input give a model; keep one")
        }
    }

    /// The names of a single [N, F] input's columns: configured, already in the
    /// metadata, or the sample's columns but the target. Nil for one input per column.
    private func featureNames(_ graph: ONNXModel, sample: Table?, target: String?) throws -> [String]? {
        guard graph.inputs.count == 1, case .tensor(_, let shape) = graph.inputs[0].type, shape?.count ?? 2 == 2, shape?[1] != .fixed(1) else {
            if let features = config.features {
                let inputs = graph.inputs.map(\.name)
                if features != inputs, Set(features) != Set(inputs) {
                    throw StageError.invalidConfig("'features' lists \(features.joined(separator: ", ")), but the model takes one input per column, named \(inputs.joined(separator: ", ")); remove `features` or list those")
                }
            }
            return nil
        }
        if let features = config.features { return features }
        if graph.metadata[SluiceMetadata.features] != nil { return nil }
        guard let sample else { return nil }
        return sample.columnNames.filter { $0 != target }
    }
}
