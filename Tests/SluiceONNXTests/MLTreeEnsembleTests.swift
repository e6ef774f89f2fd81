import SluiceONNX
import Testing

/// TreeEnsemble (opset 5): node 0 tests x0 ≤ 0.5 (NaN goes true) and sends true to leaf 0,
/// false to node 1; node 1 tests x1 ∈ {1, 3} and sends true to leaf 1, false to leaf 2.
private func ensemble(splits: Tensor.Elements = .float([0.5, 0]), weights: Tensor.Elements = .float([0.1, 0.2, 0.3]),
                      targets: [Int64] = [0, 0, 0], extra: [String: Attribute] = [:]) -> [String: Attribute] {
    let members: Tensor.Elements
    switch splits {
    case .double: members = .double([1, 3, .nan])
    default: members = .float([1, 3, .nan])
    }
    var attributes: [String: Attribute] = [
        "n_targets": .int(Int64(Set(targets).count)),
        "nodes_featureids": .ints([0, 1]),
        "nodes_splits": .tensor(Tensor(shape: [2], elements: splits)),
        "nodes_modes": .tensor(Tensor(shape: [2], int64s: [0, 6])),
        "nodes_truenodeids": .ints([0, 1]),
        "nodes_trueleafs": .ints([1, 1]),
        "nodes_falsenodeids": .ints([1, 2]),
        "nodes_falseleafs": .ints([0, 1]),
        "nodes_missing_value_tracks_true": .ints([1, 0]),
        "membership_values": .tensor(Tensor(shape: [3], elements: members)),
        "leaf_targetids": .ints(targets),
        "leaf_weights": .tensor(Tensor(shape: [3], elements: weights)),
        "tree_roots": .ints([0]),
    ]
    for (key, value) in extra { attributes[key] = value }
    return attributes
}

private let rows: [Float] = [0, 0, 1, 3, 1, 2, .nan, 1, 1, .nan]

@Suite struct MLTreeEnsembleTests {
    @Test func followsLeafFlagsSetMembershipAndMissingValues() throws {
        let kernel = try MLKernel.make("TreeEnsemble", opset: 5, ensemble())
        let y = try MLKernel.run(kernel, Tensor(shape: [5, 2], floats: rows))
        #expect(y[0].tensor?.elementType == .float)
        #expect(MLKernel.close(MLKernel.floats(y[0]), [0.1, 0.2, 0.3, 0.1, 0.3]))
    }

    @Test func doubleSplitsTakeAndGiveDoubles() throws {
        let kernel = try MLKernel.make("TreeEnsemble", opset: 5, ensemble(splits: .double([0.5, 0]), weights: .double([0.1, 0.2, 0.3])))
        let y = try MLKernel.run(kernel, Tensor(shape: [5, 2], doubles: rows.map(Double.init)))
        #expect(y[0].tensor?.doubles == [0.1, 0.2, 0.3, 0.1, 0.3])
        let error = MLKernel.runError(kernel, Tensor(shape: [5, 2], floats: rows))
        #expect(error?.code == .inputMismatch)
    }

    @Test func transformsAndAggregatesWithIntegerCodes() throws {
        // 2 is LOGISTIC in the ONNX specification (onnxruntime 1.32 reads it as SOFTMAX).
        let logistic = try MLKernel.make("TreeEnsemble", opset: 5, ensemble(targets: [0, 1, 1], extra: ["post_transform": .int(2)]))
        #expect(MLKernel.close(MLKernel.floats(try MLKernel.run(logistic, Tensor(shape: [1, 2], floats: [0, 0]))[0]), [0.524979, 0.5]))
        let probit = try MLKernel.make("TreeEnsemble", opset: 5, ensemble(extra: ["post_transform": .int(4)]))
        #expect(MLKernel.close(MLKernel.floats(try MLKernel.run(probit, Tensor(shape: [2, 2], floats: [0, 0, 1, 3]))[0]), [-1.281713, -0.841756]))
        // A one-leaf tree points both ways at its leaf; averaging it with the first tree
        // gives (0.1 + 0.3) / 2 for [0, 0].
        var twoTrees = ensemble(extra: ["aggregate_function": .int(0), "tree_roots": .ints([0, 2])])
        twoTrees["nodes_featureids"] = .ints([0, 1, 0])
        twoTrees["nodes_splits"] = .tensor(Tensor(shape: [3], floats: [0.5, 0, 0]))
        twoTrees["nodes_modes"] = .tensor(Tensor(shape: [3], int64s: [0, 6, 0]))
        twoTrees["nodes_truenodeids"] = .ints([0, 1, 2])
        twoTrees["nodes_trueleafs"] = .ints([1, 1, 1])
        twoTrees["nodes_falsenodeids"] = .ints([1, 2, 2])
        twoTrees["nodes_falseleafs"] = .ints([0, 1, 1])
        twoTrees["nodes_missing_value_tracks_true"] = .ints([1, 0, 0])
        let average = try MLKernel.make("TreeEnsemble", opset: 5, twoTrees)
        #expect(MLKernel.close(MLKernel.floats(try MLKernel.run(average, Tensor(shape: [1, 2], floats: [0, 0]))[0]), [0.2]))
    }

    @Test func refusesBrokenReferences() {
        #expect(MLKernel.loadError("TreeEnsemble", opset: 5, ensemble(extra: ["nodes_falsenodeids": .ints([1, 5])]))?.code == .invalidAttribute)
        #expect(MLKernel.loadError("TreeEnsemble", opset: 5, ensemble(extra: ["tree_roots": .ints([2])]))?.code == .invalidAttribute)
        #expect(MLKernel.loadError("TreeEnsemble", opset: 5, ensemble(extra: ["nodes_trueleafs": .ints([1])]))?.code == .invalidAttribute)
        #expect(MLKernel.loadError("TreeEnsemble", opset: 5, ensemble(extra: ["leaf_targetids": .ints([0, 0, 4])]))?.code == .invalidAttribute)
        #expect(MLKernel.loadError("TreeEnsemble", opset: 5, ensemble(extra: ["nodes_modes": .tensor(Tensor(shape: [2], int64s: [0, 9]))]))?.code == .invalidAttribute)
        // Node 1 sending its false side back to node 0 is a cycle.
        #expect(MLKernel.loadError("TreeEnsemble", opset: 5, ensemble(extra: ["nodes_falsenodeids": .ints([1, 0]), "nodes_falseleafs": .ints([0, 0])]))?.code == .invalidAttribute)
    }
}
