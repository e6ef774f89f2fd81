/// A node made ready to run: attributes parsed and checked once, when the model is
/// loaded, so that running a batch does no parsing. `run` gets one value per node input
/// (nil for an omitted optional input) and returns one value per node output.
public protocol Kernel: Sendable {
    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value]
}

/// An operator the interpreter implements: its domain ("ai.onnx" or "ai.onnx.ml"), its
/// name, the opset versions of its domain it supports, and how to build a kernel for a
/// node (given the opset version the model imports for that domain).
public struct OperatorDefinition: Sendable {
    public var domain: String
    public var name: String
    public var opsets: ClosedRange<Int>
    public var make: @Sendable (_ node: Node, _ opset: Int) throws(ONNXError) -> any Kernel

    public init(domain: String, name: String, opsets: ClosedRange<Int>, make: @escaping @Sendable (_ node: Node, _ opset: Int) throws(ONNXError) -> any Kernel) {
        self.domain = domain
        self.name = name
        self.opsets = opsets
        self.make = make
    }
}
