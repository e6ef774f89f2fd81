@testable import SluiceONNX
import Testing

@Suite struct InterpreterTests {
    typealias W = ModelWriter

    private func load(_ graph: [UInt8]) throws(ONNXError) -> ONNXModel {
        try ONNXModel(bytes: W.model(graph: graph), catalog: RuntimeTestOperators.catalog)
    }

    private func floats(_ shape: [Int], _ values: [Float]) -> Value { .tensor(Tensor(shape: shape, floats: values)) }

    private func failure(_ model: ONNXModel, _ feeds: [String: Value]) -> ONNXError? {
        do { _ = try model.run(feeds) } catch { return error }
        return nil
    }

    /// y = Scale(x, 3) + bias, with a second output z = Scale(x) by the default factor.
    private func affine() throws(ONNXError) -> ONNXModel {
        try load(W.graph(
            nodes: [
                W.node("Sum2", inputs: ["scaled", "bias"], outputs: ["y"], name: "add"),
                W.node("Scale", inputs: ["x"], outputs: ["scaled"], name: "times3", attributes: [W.attribute("factor", .float(3))]),
                W.node("Scale", inputs: ["x"], outputs: ["z"], name: "double"),
            ],
            initializers: [W.floatTensor(name: "bias", dims: [2], [10, 20])],
            inputs: [W.tensorValue("x", .float, ["N", 2])],
            outputs: [W.tensorValue("y", .float, ["N", 2]), W.tensorValue("z", .float, ["N", 2])]))
    }

    @Test func aSmallGraphRunsEndToEnd() throws {
        let results = try affine().run(["x": floats([2, 2], [1, 2, 3, 4])])
        #expect(results == [
            "y": floats([2, 2], [13, 26, 19, 32]),
            "z": floats([2, 2], [2, 4, 6, 8]),
        ])
    }

    @Test func aModelRunsManyTimesWithTheSameResult() throws {
        let model = try affine()
        let first = try model.run(["x": floats([1, 2], [1, 1])])
        for _ in 0..<3 { #expect(try model.run(["x": floats([1, 2], [1, 1])]) == first) }
        #expect(try model.run(["x": floats([1, 2], [0, 0])])["y"] == floats([1, 2], [10, 20]))
    }

    @Test func nodesWithSeveralOutputsAndUnusedOutputsRun() throws {
        let model = try load(W.graph(
            nodes: [
                W.node("Fork", inputs: ["x"], outputs: ["left", "unused"]),
                W.node("Fork", inputs: ["left"], outputs: ["", "right"]),
            ],
            inputs: [W.tensorValue("x", .float, nil)], outputs: [W.tensorValue("right", .float, nil)]))
        #expect(try model.run(["x": floats([1], [5])]) == ["right": floats([1], [5])])
    }

    @Test func aGraphOutputMayBeAnInputOrAnInitializer() throws {
        let model = try load(W.graph(
            initializers: [W.int64Tensor(name: "classes", dims: [2], [0, 1])],
            inputs: [W.tensorValue("x", .float, nil)],
            outputs: [W.tensorValue("x", .float, nil), W.tensorValue("classes", .int64, [2])]))
        #expect(try model.run(["x": floats([1], [5])]) == ["x": floats([1], [5]), "classes": .tensor(Tensor(shape: [2], int64s: [0, 1]))])
    }

    @Test func aFeedReplacesTheInitializerOfADefaultedInput() throws {
        let model = try load(W.graph(
            nodes: [W.node("Sum2", inputs: ["x", "bias"], outputs: ["y"])],
            initializers: [W.floatTensor(name: "bias", dims: [1], [100])],
            inputs: [W.tensorValue("x", .float, [1]), W.tensorValue("bias", .float, [1])],
            outputs: [W.tensorValue("y", .float, [1])]))
        #expect(try model.run(["x": floats([1], [1])]) == ["y": floats([1], [101])])
        #expect(try model.run(["x": floats([1], [1]), "bias": floats([1], [2])]) == ["y": floats([1], [3])])
        #expect(failure(model, ["x": floats([1], [1]), "bias": .tensor(Tensor(shape: [1], doubles: [2]))])?.code == .inputMismatch)
    }

    @Test func aMissingFeedIsNamedWithTheExpectedInputs() throws {
        let error = failure(try affine(), [:])
        #expect(error?.code == .inputMismatch)
        #expect(error?.message == "no feed for input 'x'; the model expects inputs 'x' (tensor(float) [N, 2])")
    }

    @Test func anUnknownFeedIsRefused() throws {
        let error = failure(try affine(), ["x": floats([1, 2], [1, 2]), "extra": floats([1], [0])])
        #expect(error?.code == .inputMismatch)
        #expect(error?.message.contains("no input 'extra'") == true)
    }

    @Test func aFeedOfTheWrongElementTypeIsRefused() throws {
        let error = failure(try affine(), ["x": .tensor(Tensor(shape: [1, 2], strings: ["a", "b"]))])
        #expect(error?.code == .inputMismatch)
        #expect(error?.message == "input 'x' expects float, got string")
    }

    @Test func narrowIntegerInputsTakeInt64Tensors() throws {
        let model = try load(W.graph(inputs: [W.tensorValue("ids", .int32, [.none])], outputs: [W.tensorValue("ids", .int32, [.none])]))
        let ids = Value.tensor(Tensor(shape: [2], int64s: [4, 5]))
        #expect(try model.run(["ids": ids]) == ["ids": ids])
        #expect(failure(model, ["ids": floats([2], [4, 5])])?.message == "input 'ids' expects int32 (held as int64), got float")
    }

    @Test func aFeedOfTheWrongShapeIsRefused() throws {
        let model = try load(W.graph(inputs: [W.tensorValue("x", .float, [.none, 4])], outputs: [W.tensorValue("x", .float, nil)]))
        let wrongSize = failure(model, ["x": floats([10, 3], [Float](repeating: 0, count: 30))])
        #expect(wrongSize?.code == .inputMismatch)
        #expect(wrongSize?.message == "input 'x' expects shape [?, 4], got [10, 3]")
        #expect(failure(model, ["x": floats([4], [0, 0, 0, 0])])?.message == "input 'x' expects shape [?, 4], got [4]")
        #expect(try model.run(["x": floats([0, 4], [])])["x"] == floats([0, 4], []))
    }

    @Test func aFeedWhoseValuesDisagreeWithItsShapeIsRefused() throws {
        let error = failure(try affine(), ["x": floats([2, 2], [1, 2, 3])])
        #expect(error?.code == .inputMismatch)
    }

    @Test func aSequenceOfMapsIsNotATensorFeed() throws {
        let maps = Value.probabilityMaps(ProbabilityMaps(keys: .int64s([0, 1]), values: Tensor(shape: [1, 2], floats: [0.5, 0.5])))
        #expect(failure(try affine(), ["x": maps])?.message.contains("got a sequence of maps") == true)
    }

    @Test func inputsOfTypesSluiceCannotFeedAreRefusedAtRun() throws {
        let map = W.valueInfo("m") { type in
            type.message(5) { map in
                map.varint(1, 8)
                map.message(2) { value in value.message(1) { tensor in tensor.varint(1, 1) } }
            }
        }
        let model = try load(W.graph(inputs: [map], outputs: [W.valueInfo("m")]))
        #expect(failure(model, ["m": floats([1], [1])])?.message == "input 'm' has type map(string, tensor(float)), which Sluice cannot feed")
    }

    @Test func kernelErrorsArriveUnchanged() throws {
        let model = try load(W.graph(
            nodes: [W.node("Fail", inputs: ["x"], outputs: ["y"])],
            inputs: [W.tensorValue("x", .float, nil)], outputs: [W.tensorValue("y", .float, nil)]))
        #expect(failure(model, ["x": floats([1], [1])]) == RuntimeTestOperators.failure)
    }

    @Test func theModelCanBeSharedAcrossTasks() async throws {
        let model = try affine()
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for row in 0..<8 {
                group.addTask {
                    let x = Float(row)
                    return try model.run(["x": floats([1, 2], [x, x])])["z"] == floats([1, 2], [2 * x, 2 * x])
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }

    @Test func realOperatorsFromTheBuiltInCatalogRun() throws {
        let graph = W.graph(
            nodes: [
                W.node("Identity", inputs: ["x"], outputs: ["copy"]),
                W.node("Add", inputs: ["copy", "bias"], outputs: ["y"]),
            ],
            initializers: [W.floatTensor(name: "bias", dims: [2], [10, 20])],
            inputs: [W.tensorValue("x", .float, [.none, 2])], outputs: [W.tensorValue("y", .float, [.none, 2])])
        let model = try ONNXModel(bytes: W.model(graph: graph))
        #expect(try model.run(["x": floats([2, 2], [1, 2, 3, 4])]) == ["y": floats([2, 2], [11, 22, 13, 24])])
    }
}
