@testable import SluiceONNX
import Testing

/// Building ai.onnx.ml kernels the way the runtime does (through `MLOperators.all`) and
/// reading their outputs, for the ML*Tests suites.
enum MLKernel {
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    static func make(_ op: String, opset: Int = 3, inputs: [String] = ["X"], outputs: [String] = ["Y"], _ attributes: [String: Attribute]) throws -> any Kernel {
        guard let definition = MLOperators.all.first(where: { $0.name == op && $0.opsets.contains(opset) }) else {
            throw SetupError(description: "no ai.onnx.ml \(op) at opset \(opset)")
        }
        let node = Node(name: "n", opType: op, domain: "ai.onnx.ml", inputs: inputs, outputs: outputs, attributes: attributes)
        return try definition.make(node, opset)
    }

    /// The error building the kernel throws, or nil when it builds.
    static func loadError(_ op: String, opset: Int = 3, inputs: [String] = ["X"], outputs: [String] = ["Y"], _ attributes: [String: Attribute]) -> ONNXError? {
        guard let definition = MLOperators.all.first(where: { $0.name == op && $0.opsets.contains(opset) }) else { return nil }
        let node = Node(name: "n", opType: op, domain: "ai.onnx.ml", inputs: inputs, outputs: outputs, attributes: attributes)
        do { _ = try definition.make(node, opset) } catch { return error }
        return nil
    }

    static func run(_ kernel: any Kernel, _ inputs: Tensor...) throws -> [Value] {
        try kernel.run(inputs.map { Value.tensor($0) })
    }

    static func runError(_ kernel: any Kernel, _ inputs: Tensor...) -> ONNXError? {
        do { _ = try kernel.run(inputs.map { Value.tensor($0) }) } catch { return error }
        return nil
    }

    static func floats(_ value: Value) -> [Float] { value.tensor?.asFloats() ?? [] }

    /// Equal within `tolerance` relative (absolute below 1), NaN matching NaN.
    static func close(_ got: [Float], _ want: [Float], tolerance: Float = 1e-5) -> Bool {
        guard got.count == want.count else { return false }
        for (g, w) in zip(got, want) {
            if g.isNaN && w.isNaN { continue }
            if Swift.abs(g - w) > tolerance * max(1, Swift.abs(w)) { return false }
        }
        return true
    }

    static func matrix(_ rows: [[Float]]) -> Tensor {
        Tensor(shape: [rows.count, rows.first?.count ?? 0], floats: rows.flatMap { $0 })
    }
}

@Suite struct MLOperatorCatalogTests {
    @Test func everyOperatorIsInTheMLDomainWithItsOpsets() {
        let byName = Dictionary(MLOperators.all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(MLOperators.all.allSatisfy { $0.domain == "ai.onnx.ml" })
        #expect(byName["TreeEnsemble"]?.opsets == 5 ... 5)
        #expect(byName["TreeEnsembleRegressor"]?.opsets == 1 ... 5)
        #expect(byName["TreeEnsembleClassifier"]?.opsets == 1 ... 5)
        for name in ["LinearRegressor", "LinearClassifier", "Scaler", "Normalizer", "OneHotEncoder", "LabelEncoder", "Imputer",
                     "Binarizer", "ZipMap", "ArrayFeatureExtractor", "FeatureVectorizer", "CategoryMapper"] {
            #expect(byName[name]?.opsets == 1 ... 5, "\(name)")
        }
    }
}
