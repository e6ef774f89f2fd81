/// One operator application in a graph (NodeProto). An empty input name is an omitted
/// optional input.
public struct Node: Sendable, Equatable {
    public var name: String
    public var opType: String
    /// "" and "ai.onnx" both mean the default domain; the decoder stores "ai.onnx".
    public var domain: String
    public var inputs: [String]
    public var outputs: [String]
    public var attributes: [String: Attribute]

    public init(name: String, opType: String, domain: String, inputs: [String], outputs: [String], attributes: [String: Attribute]) {
        self.name = name
        self.opType = opType
        self.domain = domain
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }

    /// How errors name the node: its name when it has one, else its operator and first output.
    public var label: String {
        name.isEmpty ? "\(opType) node producing '\(outputs.first ?? "?")'" : "node '\(name)' (\(opType))"
    }
}
