import SluiceONNX
import Testing

/// Two trees on feature 0: tree 0 sends x ≤ 0.5 to a leaf of `w1`, else `w2`; tree 1
/// sends x ≤ 1.5 to 2·w2, else 3·w1. With two targets, tree 1 votes for target 1.
/// Expected values are onnxruntime 1.32's.
private func twoTrees(_ w1: Float = 0.2, _ w2: Float = 0.7, mode: String = "BRANCH_LEQ", targets: Int64 = 1, extra: [String: Attribute] = [:]) -> [String: Attribute] {
    var attributes: [String: Attribute] = [
        "nodes_treeids": .ints([0, 0, 0, 1, 1, 1]),
        "nodes_nodeids": .ints([0, 1, 2, 0, 1, 2]),
        "nodes_featureids": .ints([0, 0, 0, 0, 0, 0]),
        "nodes_values": .floats([0.5, 0, 0, 1.5, 0, 0]),
        "nodes_modes": .strings([mode, "LEAF", "LEAF", mode, "LEAF", "LEAF"]),
        "nodes_truenodeids": .ints([1, 0, 0, 1, 0, 0]),
        "nodes_falsenodeids": .ints([2, 0, 0, 2, 0, 0]),
        "target_treeids": .ints([0, 0, 1, 1]),
        "target_nodeids": .ints([1, 2, 1, 2]),
        "target_ids": .ints([0, 0, targets - 1, targets - 1]),
        "target_weights": .floats([w1, w2, w2 * 2, w1 * 3]),
        "n_targets": .int(targets),
    ]
    for (key, value) in extra { attributes[key] = value }
    return attributes
}

private let column = Tensor(shape: [4, 1], floats: [0, 1, 2, .nan])

@Suite struct MLTreeEnsembleRegressorTests {
    @Test(arguments: [
        ("SUM", [Float(1.6), 2.1, 1.3, 1.3]),
        ("AVERAGE", [0.8, 1.05, 0.65, 0.65]),
        ("MIN", [0.2, 0.7, 0.6, 0.6]),
        ("MAX", [1.4, 1.4, 0.7, 0.7]),
    ])
    func aggregatesTheTreesPerTarget(function: String, expected: [Float]) throws {
        let kernel = try MLKernel.make("TreeEnsembleRegressor", twoTrees(extra: ["aggregate_function": .string(function)]))
        let y = try MLKernel.run(kernel, column)
        #expect(y[0].tensor?.shape == [4, 1])
        #expect(MLKernel.close(MLKernel.floats(y[0]), expected))
    }

    @Test func addsBaseValuesAfterAggregating() throws {
        let average = try MLKernel.make("TreeEnsembleRegressor", twoTrees(extra: ["aggregate_function": .string("AVERAGE"), "base_values": .floats([0.25])]))
        #expect(MLKernel.close(MLKernel.floats(try MLKernel.run(average, column)[0]), [1.05, 1.3, 0.9, 0.9]))
        let minimum = try MLKernel.make("TreeEnsembleRegressor", twoTrees(extra: ["aggregate_function": .string("MIN"), "base_values": .floats([0.25])]))
        #expect(MLKernel.close(MLKernel.floats(try MLKernel.run(minimum, column)[0]), [0.45, 0.95, 0.85, 0.85]))
    }

    @Test func oneTargetTakesOnlyTheProbitTransform() throws {
        let logistic = try MLKernel.make("TreeEnsembleRegressor", twoTrees(extra: ["post_transform": .string("LOGISTIC")]))
        #expect(MLKernel.close(MLKernel.floats(try MLKernel.run(logistic, column)[0]), [1.6, 2.1, 1.3, 1.3]))
        let probit = try MLKernel.make("TreeEnsembleRegressor", twoTrees(extra: ["post_transform": .string("PROBIT"), "aggregate_function": .string("MIN")]))
        // onnxruntime's probit uses Winitzki's erfinv approximation: probit(0.2) = −0.841756.
        #expect(MLKernel.close(MLKernel.floats(try MLKernel.run(probit, column)[0]), [-0.841756, 0.524446, 0.253354, 0.253354]))
    }

    @Test func severalTargetsTakeBaseValuesAndTheTransformPerRow() throws {
        let plain = try MLKernel.make("TreeEnsembleRegressor", twoTrees(targets: 2, extra: ["base_values": .floats([0.1, 0.2])]))
        #expect(MLKernel.floats(try MLKernel.run(plain, column)[0]) == [0.3, 1.6, 0.8, 1.6, 0.8, 0.8, 0.8, 0.8])
        let softmax = try MLKernel.make("TreeEnsembleRegressor", twoTrees(targets: 2, extra: ["base_values": .floats([0.1, 0.2]), "post_transform": .string("SOFTMAX")]))
        #expect(MLKernel.close(MLKernel.floats(try MLKernel.run(softmax, column)[0]), [0.21417, 0.78584, 0.31003, 0.68997, 0.5, 0.5, 0.5, 0.5], tolerance: 1e-4))
        let logistic = try MLKernel.make("TreeEnsembleRegressor", twoTrees(targets: 2, extra: ["base_values": .floats([0.1, 0.2]), "post_transform": .string("LOGISTIC")]))
        #expect(MLKernel.close(Array(MLKernel.floats(try MLKernel.run(logistic, column)[0]).prefix(2)), [0.57444, 0.83202], tolerance: 1e-4))
    }

    @Test(arguments: [
        ("BRANCH_LEQ", [Float(1.6), 1.6, 2.1, 1.3], [Float(1.6), 1.6, 2.1, 0.8]),
        ("BRANCH_LT", [1.6, 2.1, 2.1, 1.3], [1.6, 2.1, 2.1, 0.8]),
        ("BRANCH_GTE", [1.3, 0.8, 0.8, 1.3], [1.3, 0.8, 0.8, 0.8]),
        ("BRANCH_GT", [1.3, 1.3, 0.8, 1.3], [1.3, 1.3, 0.8, 0.8]),
        ("BRANCH_EQ", [1.3, 0.8, 1.3, 1.3], [1.3, 0.8, 1.3, 0.8]),
        ("BRANCH_NEQ", [1.6, 2.1, 1.6, 1.6], [1.6, 2.1, 1.6, 1.6]),
    ])
    func comparesByModeAndSendsNaNTheTrueWayWhenTracked(mode: String, expected: [Float], tracked: [Float]) throws {
        let x = Tensor(shape: [4, 1], floats: [0, 0.5, 1, .nan])
        let plain = try MLKernel.make("TreeEnsembleRegressor", twoTrees(mode: mode))
        #expect(MLKernel.close(MLKernel.floats(try MLKernel.run(plain, x)[0]), expected))
        let tracking = try MLKernel.make("TreeEnsembleRegressor", twoTrees(mode: mode, extra: ["nodes_missing_value_tracks_true": .ints([1, 0, 0, 0, 0, 0])]))
        #expect(MLKernel.close(MLKernel.floats(try MLKernel.run(tracking, x)[0]), tracked))
    }

    @Test func comparesDoubleInputsWithDoubleThresholds() throws {
        // 0.1 as a double lies below the float nearest 0.1, so only a double comparison sends it left.
        let attributes = twoTrees(extra: ["nodes_values_as_tensor": .tensor(Tensor(shape: [6], doubles: [0.1, 0, 0, 1.5, 0, 0])), "nodes_values": .floats([])])
        let kernel = try MLKernel.make("TreeEnsembleRegressor", attributes)
        let doubles = try MLKernel.run(kernel, Tensor(shape: [2, 1], doubles: [0.1, Double(Float(0.1))]))
        #expect(MLKernel.close(MLKernel.floats(doubles[0]), [1.6, 2.1]))
        let floats = try MLKernel.run(kernel, Tensor(shape: [1, 1], floats: [0.1]))
        #expect(MLKernel.close(MLKernel.floats(floats[0]), [1.6]))
        let integers = try MLKernel.run(kernel, Tensor(shape: [2, 1], int64s: [0, 2]))
        #expect(MLKernel.close(MLKernel.floats(integers[0]), [1.6, 1.3]))
    }

    @Test func largeBatchesAgreeWithRowByRowResults() throws {
        let kernel = try MLKernel.make("TreeEnsembleRegressor", twoTrees(extra: ["nodes_missing_value_tracks_true": .ints([1, 0, 0, 0, 0, 0])]))
        let rows = 5_000
        let values = (0 ..< rows).map { i in i % 97 == 0 ? Float.nan : Float(i % 7) * 0.4 }
        let batch = MLKernel.floats(try MLKernel.run(kernel, Tensor(shape: [rows, 1], floats: values))[0])
        var single: [Float] = []
        for value in values { single += MLKernel.floats(try MLKernel.run(kernel, Tensor(shape: [1], floats: [value]))[0]) }
        #expect(batch == single)
    }

    @Test func refusesNodeArraysOfDifferentLengths() {
        let error = MLKernel.loadError("TreeEnsembleRegressor", twoTrees(extra: ["nodes_values": .floats([0.5, 0, 0])]))
        #expect(error?.code == .invalidAttribute)
        #expect(error?.message.contains("nodes_values") == true)
    }

    @Test func refusesAChildThatIsNotInItsTree() {
        let error = MLKernel.loadError("TreeEnsembleRegressor", twoTrees(extra: ["nodes_falsenodeids": .ints([9, 0, 0, 2, 0, 0])]))
        #expect(error?.code == .invalidAttribute)
        #expect(error?.message.contains("node 9") == true)
    }

    @Test func refusesACycle() {
        // Tree 1's root sends its true side back to itself.
        let error = MLKernel.loadError("TreeEnsembleRegressor", twoTrees(extra: ["nodes_truenodeids": .ints([1, 0, 0, 0, 0, 0])]))
        #expect(error?.code == .invalidAttribute)
    }

    @Test func refusesWeightsForMissingNodesOrTargets() {
        #expect(MLKernel.loadError("TreeEnsembleRegressor", twoTrees(extra: ["target_nodeids": .ints([1, 2, 1, 7])]))?.code == .invalidAttribute)
        #expect(MLKernel.loadError("TreeEnsembleRegressor", twoTrees(extra: ["target_ids": .ints([0, 0, 0, 3])]))?.code == .invalidAttribute)
        #expect(MLKernel.loadError("TreeEnsembleRegressor", twoTrees(extra: ["target_nodeids": .ints([1, 2, 1, 0])]))?.code == .invalidAttribute)
        #expect(MLKernel.loadError("TreeEnsembleRegressor", twoTrees(extra: ["nodes_modes": .strings(["BRANCH_LEQ", "LEAF", "LEAF", "BRANCH_XX", "LEAF", "LEAF"])]))?.code == .invalidAttribute)
    }

    @Test func refusesAnInputWithoutTheFeaturesTheTreesRead() throws {
        let kernel = try MLKernel.make("TreeEnsembleRegressor", twoTrees(extra: ["nodes_featureids": .ints([0, 0, 0, 3, 0, 0])]))
        let error = MLKernel.runError(kernel, Tensor(shape: [2, 2], floats: [0, 0, 0, 0]))
        #expect(error?.code == .inputMismatch)
        #expect(error?.message.contains("feature 3") == true)
        #expect(MLKernel.runError(kernel, Tensor(shape: [1, 4], strings: ["a", "b", "c", "d"]))?.code == .inputMismatch)
    }
}
