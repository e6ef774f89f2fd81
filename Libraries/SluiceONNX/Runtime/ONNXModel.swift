/// An ONNX model, decoded, checked and compiled when it is loaded, ready to run on
/// batches. Loading refuses anything it could not run — an unknown operator, an
/// unsupported opset, a broken graph — so that `run` fails only on bad feeds or on
/// what an operator finds in the data. Immutable, so one model serves many threads.
public final class ONNXModel: Sendable {
    public let irVersion: Int64
    public let producerName: String
    public let producerVersion: String
    /// Domain ("ai.onnx", "ai.onnx.ml", …) → the opset version the model imports.
    public let opsets: [String: Int]
    public let metadata: [String: String]
    /// The graph inputs that `run` needs a feed for (those without an initializer), in order.
    public let inputs: [ValueInfo]
    public let outputs: [ValueInfo]
    /// The graph's nodes in an order they can run in.
    public let nodes: [Node]
    /// The graph's constants by name (weights, lookup tables such as a classifier's labels).
    public let initializers: [String: Tensor]

    let plan: ExecutionPlan

    public convenience init(bytes: [UInt8]) throws(ONNXError) {
        try self.init(bytes: bytes, catalog: .builtIn)
    }

    /// `catalog` lets tests run graphs of operators of their own.
    init(bytes: [UInt8], catalog: OperatorCatalog) throws(ONNXError) {
        let file = try ModelFile(bytes: bytes)
        guard let graphFile = file.graph else {
            throw ONNXError(.invalidGraph, "the model has no graph")
        }
        // Operators first: an unsupported one is the likeliest problem and the one to report.
        for node in graphFile.nodes { _ = try catalog.definition(for: node, opsets: file.opsets) }
        let graph = try CheckedGraph(graphFile)
        let kernels = try graph.nodes.map { node throws(ONNXError) -> any Kernel in
            let (definition, opset) = try catalog.definition(for: node, opsets: file.opsets)
            return try definition.make(node, opset)
        }
        irVersion = file.irVersion
        producerName = file.producerName
        producerVersion = file.producerVersion
        opsets = file.opsets
        metadata = file.metadata
        inputs = graph.requiredInputs
        outputs = graph.outputs
        nodes = graph.nodes
        initializers = Dictionary(graph.initializers.map { ($0.name, $0.tensor) }, uniquingKeysWith: { _, last in last })
        plan = ExecutionPlan(graph, kernels: kernels)
    }

    /// Every operator the interpreter implements, by domain: "ai.onnx: Add, Cast, …; ai.onnx.ml: …".
    public static var supportedOperators: String { OperatorCatalog.builtIn.summary }
}
