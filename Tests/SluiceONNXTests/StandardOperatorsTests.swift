@testable import SluiceONNX
import Testing

/// What the ai.onnx operator suites share: kernels built the way the interpreter builds
/// them, from `StandardOperators.all`, run on small tensors. Members, not globals, so
/// that they cannot collide with other suites' helpers.
protocol StandardOperatorTesting {}

extension StandardOperatorTesting {
    var nodeName: String { "node_under_test" }

    func kernel(_ operator: String, opset: Int = 21, inputs: Int = 2, _ attributes: [String: Attribute] = [:]) throws -> any Kernel {
        guard let definition = StandardOperators.all.first(where: { $0.name == `operator` }) else {
            throw ONNXError(.unsupported, "no definition for \(`operator`)")
        }
        let node = Node(
            name: nodeName, opType: `operator`, domain: "ai.onnx",
            inputs: (0..<inputs).map { "x\($0)" }, outputs: ["y"], attributes: attributes
        )
        return try definition.make(node, opset)
    }

    func run(_ operator: String, opset: Int = 21, _ inputs: [Tensor?]) throws -> Tensor {
        try run(`operator`, opset: opset, [:], inputs)
    }

    /// Runs one operator; nil inputs are omitted optional inputs.
    func run(_ operator: String, opset: Int = 21, _ attributes: [String: Attribute], _ inputs: [Tensor?]) throws -> Tensor {
        let kernel = try kernel(`operator`, opset: opset, inputs: inputs.count, attributes)
        guard let tensor = try kernel.run(inputs.map { $0.map(Value.tensor) }).first?.tensor else {
            throw ONNXError(.inputMismatch, "\(`operator`) returned no tensor")
        }
        return tensor
    }

    func failure(_ operator: String, opset: Int = 21, _ inputs: [Tensor?]) -> ONNXError? {
        failure(`operator`, opset: opset, [:], inputs)
    }

    /// The error building or running the operator gives (nil when it succeeds).
    func failure(_ operator: String, opset: Int = 21, _ attributes: [String: Attribute], _ inputs: [Tensor?]) -> ONNXError? {
        do {
            _ = try run(`operator`, opset: opset, attributes, inputs)
            return nil
        } catch let error as ONNXError {
            return error
        } catch {
            return nil
        }
    }

    func floats(_ shape: [Int], _ values: [Float]) -> Tensor { Tensor(shape: shape, floats: values) }
    func doubles(_ shape: [Int], _ values: [Double]) -> Tensor { Tensor(shape: shape, doubles: values) }
    func int64s(_ shape: [Int], _ values: [Int64]) -> Tensor { Tensor(shape: shape, int64s: values) }
    func bools(_ shape: [Int], _ values: [Bool]) -> Tensor { Tensor(shape: shape, bools: values) }
    func strings(_ shape: [Int], _ values: [String]) -> Tensor { Tensor(shape: shape, strings: values) }
    func vector(_ values: [Int64]) -> Tensor { Tensor(shape: [values.count], int64s: values) }

    /// Equal to within `relative` of the larger magnitude (or 1e-7 absolute near zero).
    func close(_ actual: [Float]?, _ expected: [Double], relative: Double = 1e-6) -> Bool {
        guard let actual, actual.count == expected.count else { return false }
        return zip(actual, expected).allSatisfy { a, e in
            abs(Double(a) - e) <= Swift.max(relative * Swift.max(abs(e), abs(Double(a))), 1e-7)
        }
    }

    func close(_ actual: [Double]?, _ expected: [Double], relative: Double = 1e-12) -> Bool {
        guard let actual, actual.count == expected.count else { return false }
        return zip(actual, expected).allSatisfy { a, e in abs(a - e) <= Swift.max(relative * Swift.max(abs(e), abs(a)), 1e-15) }
    }
}

@Suite struct StandardOperatorCatalogTests: StandardOperatorTesting {
    @Test func everyConverterOperatorIsDefinedOnceInTheDefaultDomainThroughOpset21() {
        let names = StandardOperators.all.map(\.name)
        let required = [
            "Cast", "Concat", "Reshape", "Identity", "Flatten", "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Sigmoid",
            "Softmax", "Relu", "Tanh", "ArgMax", "Squeeze", "Unsqueeze", "Gather", "Shape", "Slice", "ReduceSum", "Where",
            "Less", "Greater", "Equal", "Not", "Clip", "Abs", "Neg", "Exp", "Log", "Sqrt", "Pow", "Max", "Min", "Sum",
            "ReduceMean", "ReduceMax", "ReduceLogSumExp", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Constant",
            "ConstantOfShape", "Transpose", "Expand", "Erf", "LeakyRelu",
        ]
        for name in required { #expect(names.contains(name), "\(name) is missing") }
        #expect(Set(names).count == names.count)
        #expect(StandardOperators.all.allSatisfy { $0.domain == "ai.onnx" && $0.opsets.upperBound == 21 })
    }

    @Test func operatorsStartAtTheOpsetThatIntroducedThem() {
        let first = Dictionary(uniqueKeysWithValues: StandardOperators.all.map { ($0.name, $0.opsets.lowerBound) })
        #expect(first["Add"] == 1)
        #expect(first["Where"] == 9)
        #expect(first["Expand"] == 8)
        #expect(first["Erf"] == 9)
        #expect(first["ConstantOfShape"] == 9)
        #expect(first["LessOrEqual"] == 12)
        #expect(first["GreaterOrEqual"] == 12)
    }

    @Test func errorsNameTheNode() {
        let error = failure("Add", [floats([1], [1]), strings([1], ["a"])])
        #expect(error?.code == .inputMismatch)
        #expect(error?.message.contains(nodeName) == true)
    }

    @Test func aMissingRequiredInputIsAnErrorNotACrash() {
        #expect(failure("Add", [floats([1], [1]), nil])?.code == .inputMismatch)
        #expect(failure("Relu", [])?.code == .inputMismatch)
    }
}
