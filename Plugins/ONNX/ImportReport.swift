import SluiceJSON
import SluiceKit
import SluiceONNX

/// What the import stage found in the model, for the run record and for a person
/// deciding whether the right model was imported.
struct ImportReport {
    let graph: ONNXModel
    let model: ONNXPredictiveModel
    let source: String
    let sampleRows: Int?

    var json: JSONValue {
        var operators: [String: Int] = [:]
        for node in graph.nodes { operators["\(node.domain):\(node.opType)", default: 0] += 1 }
        let description = model.modelDescription
        var members: [(String, JSONValue)] = [
            ("source", .string(source)),
            ("producer", .string([graph.producerName, graph.producerVersion].filter { !$0.isEmpty }.joined(separator: " "))),
            ("ir_version", .number(Double(graph.irVersion))),
            ("opsets", object(graph.opsets.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })),
            ("task", .string(description.task.rawValue)),
            ("features", .array(description.features.map { object([("name", .string($0.name)), ("type", .string($0.type))]) })),
            ("outputs", .array(description.outputs.map { object([("name", .string($0.name)), ("type", .string($0.type))]) })),
            ("graph_inputs", .array(graph.inputs.map { object([("name", .string($0.name)), ("type", .string(InputBinding.describe($0.type)))]) })),
            ("graph_outputs", .array(graph.outputs.map { object([("name", .string($0.name)), ("type", .string(InputBinding.describe($0.type)))]) })),
            ("nodes", .number(Double(graph.nodes.count))),
            ("operators", object(operators.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })),
        ]
        if !description.target.isEmpty { members.append(("target", .string(description.target))) }
        if let classes = description.classes { members.append(("classes", .array(classes.map(JSONValue.string)))) }
        if let sampleRows { members.append(("sample_rows", .number(Double(sampleRows)))) }
        return object(members)
    }

    private func object(_ members: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(members)) }
}
