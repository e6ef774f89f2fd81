import SluiceKit
import SluiceONNX

/// The model capability of sluice.onnx: an ONNX file loaded into the interpreter, with
/// its inputs bound to table columns and its outputs to prediction columns. Immutable,
/// so hosts may predict from several threads at once.
struct ONNXPredictiveModel: PredictiveModel {
    static let mediaType = "application/onnx"
    static let mediaTypes = [mediaType]

    let model: ONNXModel
    let inputs: InputBinding
    let outputs: OutputBinding
    let modelDescription: ModelDescription

    /// A ModelProto starts with a field the converters write first: ir_version (field 1,
    /// varint), then producer_name, producer_version, domain, model_version, doc_string,
    /// graph or opset_import. Checking the first two tags tells ONNX from the JSON and
    /// Arrow artifacts Sluice's other plugins write.
    static func accepts(prefix: [UInt8]) -> Bool {
        guard prefix.count >= 3, prefix[0] == 0x08 else { return false }
        var index = 1
        var irVersion: UInt64 = 0
        var shift: UInt64 = 0
        while index < prefix.count, shift < 63 {
            let byte = prefix[index]
            irVersion |= UInt64(byte & 0x7F) << shift
            index += 1
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        guard (1...20).contains(irVersion), index < prefix.count else { return false }
        let nextTags: Set<UInt8> = [0x12, 0x1A, 0x22, 0x28, 0x32, 0x3A, 0x42, 0x72]
        return nextTags.contains(prefix[index])
    }

    init(artifact bytes: [UInt8]) throws {
        model = try ONNXErrors.loading { () throws(ONNXError) in try ONNXModel(bytes: bytes) }
        let metadata = model.metadata
        inputs = try InputBinding(inputs: model.inputs, featureNames: try SluiceMetadata.features(in: metadata))
        let declaredTask = try metadata[SluiceMetadata.task].map { text in
            guard let task = ModelDescription.Task(rawValue: text) else {
                throw StageError.invalidInput("the model's metadata '\(SluiceMetadata.task)' is '\(text)'; it must be classification or regression")
            }
            return task
        }
        outputs = try OutputBinding(outputs: model.outputs, nodes: model.nodes, initializers: model.initializers, task: declaredTask)
        modelDescription = ModelDescription(
            format: "onnx/\(model.irVersion)", task: outputs.task, features: inputs.features,
            target: metadata[SluiceMetadata.target] ?? "", classes: outputs.task == .classification ? outputs.classes : nil,
            outputs: outputs.outputColumns)
    }

    func predict(_ input: Table) throws -> Table {
        let feeds = try inputs.tensors(from: input)
        let results = try ONNXErrors.running { () throws(ONNXError) in try model.run(feeds) }
        return try outputs.table(from: results, rows: input.rowCount)
    }
}
