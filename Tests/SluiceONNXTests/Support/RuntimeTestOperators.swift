@testable import SluiceONNX

/// Operators of the tests' own, so that the runtime's tests do not depend on how the real
/// operators behave. `catalog` holds them; models load with `ONNXModel(bytes:catalog:)`.
enum RuntimeTestOperators {
    static let catalog = OperatorCatalog([
        OperatorDefinition(domain: "ai.onnx", name: "Scale", opsets: 1...21) { node, _ throws(ONNXError) in
            ScaleKernel(node: node, factor: try node.float("factor", default: 2))
        },
        OperatorDefinition(domain: "ai.onnx", name: "Sum2", opsets: 1...21) { node, _ throws(ONNXError) in SumKernel(node: node) },
        OperatorDefinition(domain: "ai.onnx", name: "Fork", opsets: 1...21) { _, _ throws(ONNXError) in ForkKernel() },
        OperatorDefinition(domain: "ai.onnx", name: "Fail", opsets: 1...21) { _, _ throws(ONNXError) in FailKernel() },
        OperatorDefinition(domain: "ai.onnx", name: "Legacy", opsets: 1...9) { _, _ throws(ONNXError) in PassKernel() },
        OperatorDefinition(domain: "ai.onnx.ml", name: "Tag", opsets: 1...3) { _, _ throws(ONNXError) in PassKernel() },
    ])

    /// The error FailKernel throws, to check that kernel errors arrive unchanged.
    static let failure = ONNXError(.inputMismatch, "Fail always fails")
}

/// Multiplies a float tensor by its `factor` attribute.
private struct ScaleKernel: Kernel {
    let node: Node
    let factor: Float

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        guard let tensor = inputs.first??.tensor, let values = tensor.floats else {
            throw node.inputMismatch("Scale takes one float tensor")
        }
        return [.tensor(Tensor(shape: tensor.shape, floats: values.map { $0 * factor }))]
    }
}

/// Adds two float tensors; the second repeats over the first (a row of biases over a
/// batch), and a missing second input counts as zero.
private struct SumKernel: Kernel {
    let node: Node

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        guard inputs.count == 2, let left = inputs[0]?.tensor, let a = left.floats else {
            throw node.inputMismatch("Sum2 takes two float tensors")
        }
        guard let right = inputs[1] else { return [.tensor(left)] }
        guard let b = right.tensor?.floats, !b.isEmpty || a.isEmpty, b.isEmpty || a.count % b.count == 0 else {
            throw node.inputMismatch("Sum2 takes two float tensors, the second repeating over the first")
        }
        return [.tensor(Tensor(shape: left.shape, floats: a.indices.map { a[$0] + b[$0 % b.count] }))]
    }
}

/// Returns its input twice: a node with two outputs.
private struct ForkKernel: Kernel {
    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        guard let value = inputs.first ?? nil else { throw ONNXError(.inputMismatch, "Fork takes one input") }
        return [value, value]
    }
}

private struct FailKernel: Kernel {
    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] { throw RuntimeTestOperators.failure }
}

private struct PassKernel: Kernel {
    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        guard let value = inputs.first ?? nil else { throw ONNXError(.inputMismatch, "takes one input") }
        return [value]
    }
}
