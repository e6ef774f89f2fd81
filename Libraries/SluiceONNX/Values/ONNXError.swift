/// Every failure of reading, checking or running a model. `code` is stable (the plugin
/// turns it into its stage error code); `message` names the node, input or byte offset
/// and says what to do.
public struct ONNXError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The file ends inside a message or a field.
        case truncated = "onnx.truncated"
        /// Bytes that are not a valid ONNX protobuf (bad wire type, length past the end, bad UTF-8, sizes that disagree).
        case corrupt = "onnx.corrupt"
        /// An operator or opset version the interpreter does not implement.
        case unsupported = "onnx.unsupported"
        /// A graph that cannot run: a cycle, an input nothing produces, a missing initializer, a duplicate output name.
        case invalidGraph = "onnx.invalid_graph"
        /// An attribute that is missing, of the wrong type or inconsistent (tree arrays of different lengths).
        case invalidAttribute = "onnx.invalid_attribute"
        /// An input whose element type or shape disagrees with what the graph or operator expects.
        case inputMismatch = "onnx.input_mismatch"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
