@testable import SluiceONNX
import Testing

@Suite struct GraphCheckTests {
    typealias W = ModelWriter

    private let x = W.tensorValue("x", .float, [.none, 2])
    private func out(_ name: String) -> [UInt8] { W.tensorValue(name, .float, nil) }

    private func load(_ bytes: [UInt8]) throws(ONNXError) -> ONNXModel {
        try ONNXModel(bytes: bytes, catalog: RuntimeTestOperators.catalog)
    }

    private func failure(_ bytes: [UInt8]) -> ONNXError? {
        do { _ = try load(bytes) } catch { return error }
        return nil
    }

    private func failure(nodes: [[UInt8]], initializers: [[UInt8]] = [], inputs: [[UInt8]]? = nil, outputs: [String] = ["y"]) -> ONNXError? {
        failure(W.model(graph: W.graph(nodes: nodes, initializers: initializers, inputs: inputs ?? [x], outputs: outputs.map(out))))
    }

    @Test func aModelWithoutAGraphIsRefused() {
        let error = failure(W.model(graph: nil))
        #expect(error?.code == .invalidGraph)
        #expect(error?.message.contains("no graph") == true)
    }

    @Test func anUnsupportedOperatorIsNamedWithItsDomainOpsetAndTheSupportedList() {
        let error = failure(nodes: [W.node("Conv", inputs: ["x"], outputs: ["y"], name: "conv1")])
        #expect(error?.code == .unsupported)
        let message = error?.message ?? ""
        #expect(message.contains("Conv"))
        #expect(message.contains("ai.onnx"))
        #expect(message.contains("opset 17"))
        #expect(message.contains("supported operators: ai.onnx: Fail, Fork, Legacy, Scale, Sum2; ai.onnx.ml: Tag"))
    }

    @Test func anOperatorOutsideItsSupportedOpsetsIsRefused() {
        let error = failure(nodes: [W.node("Legacy", inputs: ["x"], outputs: ["y"])])
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("opsets 1...9, not at opset 17") == true)
        #expect(error?.message.contains("supported operators") == true)
    }

    @Test func aNodeOfAnotherDomainIsRefusedEvenWhenImported() {
        let bytes = W.model(opsets: [("", 17), ("com.microsoft", 1)], graph: W.graph(
            nodes: [W.node("FusedGemm", inputs: ["x"], outputs: ["y"], domain: "com.microsoft")], inputs: [x], outputs: [out("y")]))
        let error = failure(bytes)
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("'com.microsoft'") == true)
        #expect(error?.message.contains("FusedGemm") == true)
    }

    @Test func importingAnotherDomainWithoutUsingItIsFine() throws {
        let bytes = W.model(opsets: [("", 17), ("com.microsoft", 1)], graph: W.graph(
            nodes: [W.node("Scale", inputs: ["x"], outputs: ["y"])], inputs: [x], outputs: [out("y")]))
        #expect(try load(bytes).opsets["com.microsoft"] == 1)
    }

    @Test func aNodeOfADomainTheModelDoesNotImportIsRefused() {
        let bytes = W.model(opsets: [("", 17)], graph: W.graph(
            nodes: [W.node("Tag", inputs: ["x"], outputs: ["y"], domain: "ai.onnx.ml")], inputs: [x], outputs: [out("y")]))
        let error = failure(bytes)
        #expect(error?.code == .invalidGraph)
        #expect(error?.message.contains("does not import") == true)
    }

    @Test func anInputNothingProducesIsNamed() {
        let error = failure(nodes: [W.node("Sum2", inputs: ["x", "bias"], outputs: ["y"], name: "add")])
        #expect(error?.code == .invalidGraph)
        #expect(error?.message == "node 'add' (Sum2) input 'bias' is produced by no node and is not an initializer or graph input")
    }

    @Test func anOmittedOptionalInputNeedsNoSource() throws {
        _ = try load(W.model(graph: W.graph(nodes: [W.node("Sum2", inputs: ["x", ""], outputs: ["y"])], inputs: [x], outputs: [out("y")])))
    }

    @Test func aValueProducedTwiceIsRefused() {
        let error = failure(nodes: [
            W.node("Scale", inputs: ["x"], outputs: ["y"], name: "first"),
            W.node("Scale", inputs: ["x"], outputs: ["y"], name: "second"),
        ])
        #expect(error?.code == .invalidGraph)
        #expect(error?.message.contains("'y' is produced twice") == true)
        #expect(error?.message.contains("'first'") == true && error?.message.contains("'second'") == true)
    }

    @Test func aNodeMayNotOverwriteAGraphInputOrInitializer() {
        #expect(failure(nodes: [W.node("Scale", inputs: ["x"], outputs: ["x"])], outputs: ["x"])?.code == .invalidGraph)
        let error = failure(nodes: [W.node("Scale", inputs: ["x"], outputs: ["w"])], initializers: [W.floatTensor(name: "w", dims: [1], [1])], outputs: ["w"])
        #expect(error?.message.contains("also an initializer") == true)
    }

    @Test func aCycleIsRefusedNamingANodeOnIt() {
        let error = failure(nodes: [
            W.node("Sum2", inputs: ["x", "c"], outputs: ["a"], name: "one"),
            W.node("Scale", inputs: ["a"], outputs: ["b"], name: "two"),
            W.node("Scale", inputs: ["b"], outputs: ["c"], name: "three"),
            W.node("Scale", inputs: ["c"], outputs: ["y"], name: "tail"),
        ])
        #expect(error?.code == .invalidGraph)
        let message = error?.message ?? ""
        #expect(message.contains("cycle"))
        #expect(message.contains("node 'one' (Sum2) → node 'two' (Scale) → node 'three' (Scale) → node 'one' (Sum2)"))
        #expect(!message.contains("tail"))
    }

    @Test func aNodeReadingItsOwnOutputIsACycle() {
        let error = failure(nodes: [W.node("Sum2", inputs: ["x", "y"], outputs: ["y"], name: "loop")])
        #expect(error?.code == .invalidGraph)
        #expect(error?.message.contains("cycle through node 'loop'") == true)
    }

    @Test func aGraphOutputNothingProducesIsRefused() {
        let error = failure(nodes: [W.node("Scale", inputs: ["x"], outputs: ["y"])], outputs: ["y", "z"])
        #expect(error?.code == .invalidGraph)
        #expect(error?.message.contains("graph output 'z'") == true)
    }

    @Test func namesDeclaredTwiceAreRefused() {
        #expect(failure(nodes: [], inputs: [x, x], outputs: ["x"])?.message.contains("graph input 'x' is declared twice") == true)
        let twice = [W.floatTensor(name: "w", dims: [1], [1]), W.floatTensor(name: "w", dims: [1], [2])]
        #expect(failure(nodes: [], initializers: twice, outputs: ["w"])?.message.contains("initializer 'w' is defined twice") == true)
        #expect(failure(nodes: [W.node("Scale", inputs: ["x"], outputs: ["y"])], outputs: ["y", "y"])?.message.contains("declared twice") == true)
    }

    @Test func nodesOutOfOrderAreSortedAndSortedNodesKeepTheirOrder() throws {
        let shuffled = try load(W.model(graph: W.graph(nodes: [
            W.node("Scale", inputs: ["b"], outputs: ["y"], name: "last"),
            W.node("Scale", inputs: ["x"], outputs: ["a"], name: "first"),
            W.node("Scale", inputs: ["a"], outputs: ["b"], name: "middle"),
        ], inputs: [x], outputs: [out("y")])))
        #expect(shuffled.nodes.map(\.name) == ["first", "middle", "last"])
        let sorted = try load(W.model(graph: W.graph(nodes: [
            W.node("Scale", inputs: ["x"], outputs: ["p"], name: "p"),
            W.node("Scale", inputs: ["x"], outputs: ["q"], name: "q"),
            W.node("Sum2", inputs: ["p", "q"], outputs: ["y"], name: "r"),
        ], inputs: [x], outputs: [out("y")])))
        #expect(sorted.nodes.map(\.name) == ["p", "q", "r"])
    }

    @Test func aGraphInputWithAnInitializerIsADefaultNotARequiredFeed() throws {
        let model = try load(W.model(irVersion: 4, graph: W.graph(
            nodes: [W.node("Sum2", inputs: ["x", "bias"], outputs: ["y"])],
            initializers: [W.floatTensor(name: "bias", dims: [2], [1, 1])],
            inputs: [x, W.tensorValue("bias", .float, [2])], outputs: [out("y")])))
        #expect(model.inputs.map(\.name) == ["x"])
    }

    @Test func modelPropertiesAreExposed() throws {
        let model = try load(W.model(
            irVersion: 8, opsets: [("", 17), ("ai.onnx.ml", 3)], producerName: "skl2onnx", producerVersion: "1.17",
            metadata: [("stage", "test")],
            graph: W.graph(nodes: [W.node("Scale", inputs: ["x"], outputs: ["y"])], inputs: [x], outputs: [out("y")])))
        #expect(model.irVersion == 8)
        #expect(model.producerName == "skl2onnx" && model.producerVersion == "1.17")
        #expect(model.opsets == ["ai.onnx": 17, "ai.onnx.ml": 3])
        #expect(model.metadata == ["stage": "test"])
        #expect(model.inputs == [ValueInfo(name: "x", type: .tensor(element: .float, shape: [.unknown, .fixed(2)]))])
        #expect(model.outputs == [ValueInfo(name: "y", type: .tensor(element: .float, shape: nil))])
        #expect(model.nodes.map(\.opType) == ["Scale"])
    }

    @Test func kernelConstructionErrorsArriveUnchanged() {
        let node = W.node("Scale", inputs: ["x"], outputs: ["y"], name: "s", attributes: [W.attribute("factor", .string("two"))])
        let error = failure(nodes: [node])
        #expect(error?.code == .invalidAttribute)
        #expect(error?.message == "node 's' (Scale): attribute 'factor' should be float, found string")
    }

    @Test func theBuiltInCatalogListsItsOperatorsByDomain() {
        let summary = ONNXModel.supportedOperators
        #expect(summary == OperatorCatalog.builtIn.summary)
        #expect(summary == "none" || summary.hasPrefix("ai.onnx"))
    }
}
