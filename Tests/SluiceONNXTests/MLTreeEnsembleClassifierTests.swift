import SluiceONNX
import Testing

/// One tree: x ≤ 0.5 reaches a leaf voting `first` (one weight per class id in `classes`),
/// else a leaf voting `second`. Expected values are onnxruntime 1.32's.
private func stump(_ first: [Float], _ second: [Float], classes: [Int64], labels: [Int64] = [0, 1], extra: [String: Attribute] = [:]) -> [String: Attribute] {
    var attributes: [String: Attribute] = [
        "nodes_treeids": .ints([0, 0, 0]),
        "nodes_nodeids": .ints([0, 1, 2]),
        "nodes_featureids": .ints([0, 0, 0]),
        "nodes_values": .floats([0.5, 0, 0]),
        "nodes_modes": .strings(["BRANCH_LEQ", "LEAF", "LEAF"]),
        "nodes_truenodeids": .ints([1, 0, 0]),
        "nodes_falsenodeids": .ints([2, 0, 0]),
        "class_treeids": .ints([Int64](repeating: 0, count: classes.count * 2)),
        "class_nodeids": .ints([Int64](repeating: 1, count: classes.count) + [Int64](repeating: 2, count: classes.count)),
        "class_ids": .ints(classes + classes),
        "class_weights": .floats(first + second),
        "classlabels_int64s": .ints(labels),
    ]
    for (key, value) in extra { attributes[key] = value }
    return attributes
}

private let two = Tensor(shape: [2, 1], floats: [0, 1])

private func classify(_ attributes: [String: Attribute]) throws -> (labels: [Int64], scores: [Float]) {
    let outputs = try MLKernel.run(try MLKernel.make("TreeEnsembleClassifier", outputs: ["Y", "Z"], attributes), two)
    return (outputs[0].tensor?.int64s ?? [], MLKernel.floats(outputs[1]))
}

@Suite struct MLTreeEnsembleClassifierTests {
    @Test func oneVotedClassOfTwoWithNonNegativeWeightsIsTheProbabilityOfTheSecond() throws {
        let plain = try classify(stump([0.2], [0.7], classes: [0]))
        #expect(plain.labels == [0, 1])
        #expect(MLKernel.close(plain.scores, [0.8, 0.2, 0.3, 0.7]))
        // The label is the second class above 0.5.
        let high = try classify(stump([0.6], [0.9], classes: [0]))
        #expect(high.labels == [1, 1])
        #expect(MLKernel.close(high.scores, [0.4, 0.6, 0.1, 0.9]))
        let logistic = try classify(stump([0.2], [0.7], classes: [0], extra: ["post_transform": .string("LOGISTIC")]))
        #expect(MLKernel.close(logistic.scores, [0.450166, 0.549834, 0.331812, 0.668188]))
    }

    @Test func aLeafWithoutVotesScoresZeroForTheVotedClass() throws {
        var attributes = stump([0.2], [0.7], classes: [0])
        attributes["class_treeids"] = .ints([0])
        attributes["class_nodeids"] = .ints([1])
        attributes["class_ids"] = .ints([0])
        attributes["class_weights"] = .floats([0.2])
        let plain = try classify(attributes)
        #expect(plain.labels == [0, 0])
        #expect(MLKernel.close(plain.scores, [0.8, 0.2, 1, 0]))
        attributes["post_transform"] = .string("LOGISTIC")
        #expect(MLKernel.close(try classify(attributes).scores, [0.450166, 0.549834, 0.5, 0.5]))
    }

    @Test func oneVotedClassOfTwoWithMixedWeightsIsAMargin() throws {
        // GradientBoosting, XGBoost and LightGBM binary models: a log-odds margin.
        let plain = try classify(stump([-0.3], [0.8], classes: [0], extra: ["base_values": .floats([0.1])]))
        #expect(plain.labels == [0, 1])
        #expect(MLKernel.close(plain.scores, [0.2, -0.2, -0.9, 0.9]))
        let logistic = try classify(stump([-0.3], [0.8], classes: [0], extra: ["post_transform": .string("LOGISTIC")]))
        #expect(logistic.labels == [0, 1])
        #expect(MLKernel.close(logistic.scores, [0.574443, 0.425557, 0.310026, 0.689974]))
    }

    @Test func votesForBothOfTwoClassesKeepTheirScores() throws {
        let plain = try classify(stump([0.7, 0.3], [0.2, 0.8], classes: [0, 1], labels: [3, 4]))
        // onnxruntime labels class 1 whenever its score is positive.
        #expect(plain.labels == [4, 4])
        #expect(MLKernel.close(plain.scores, [0.7, 0.3, 0.2, 0.8]))
        let negative = try classify(stump([-0.5, -0.2], [-0.1, -0.3], classes: [0, 1], labels: [3, 4]))
        #expect(negative.labels == [3, 3])
        let based = try classify(stump([0.7, 0.3], [0.2, 0.8], classes: [0, 1], extra: ["base_values": .floats([0.1, 0.05])]))
        #expect(MLKernel.close(based.scores, [-0.75, 0.75, -0.25, 0.25]))
    }

    @Test func manyClassesTakeTheHighestScoreAmongVotedClasses() throws {
        let plain = try classify(stump([0.1, 0.5], [0.3, 0.0], classes: [0, 1], labels: [10, 11, 12]))
        #expect(plain.labels == [11, 10])
        #expect(MLKernel.close(plain.scores, [0.1, 0.5, 0, 0.3, 0, 0]))
        let based = try classify(stump([0.1, 0.5], [0.3, 0.0], classes: [0, 1], labels: [10, 11, 12], extra: ["base_values": .floats([0.1, 0.05, 0.2])]))
        #expect(based.labels == [11, 10])
        #expect(MLKernel.close(based.scores, [0.2, 0.55, 0.2, 0.4, 0.05, 0.2]))
        let softmax = try classify(stump([0.1, 0.5], [0.3, 0.0], classes: [0, 1], labels: [10, 11, 12], extra: ["post_transform": .string("SOFTMAX")]))
        #expect(MLKernel.close(softmax.scores, [0.29440, 0.43920, 0.26640, 0.40300, 0.29850, 0.29850], tolerance: 1e-4))
        // Ties go to the first class; unvoted classes only count through base values.
        let zeros = try classify(stump([0, 0, 0], [0, 0, 0], classes: [0, 1, 2], labels: [10, 11, 12], extra: ["base_values": .floats([0.1, 0.05, 0.2])]))
        #expect(zeros.labels == [12, 12])
        let tie = try classify(stump([0.2, 0.2, 0.1], [0.3, 0.3, 0.3], classes: [0, 1, 2], labels: [10, 11, 12]))
        #expect(tie.labels == [10, 10])
    }

    @Test func softmaxZeroLeavesUnvotedClassesAtZero() throws {
        let scores = try classify(stump([0.2], [0.7], classes: [1], extra: ["post_transform": .string("SOFTMAX_ZERO")])).scores
        #expect(MLKernel.close(scores, [0, 1, 0, 1]))
    }

    @Test func labelsMayBeStrings() throws {
        var attributes = stump([0.1, 0.5], [0.3, 0.0], classes: [0, 1], labels: [])
        attributes["classlabels_int64s"] = nil
        attributes["classlabels_strings"] = .strings(["low", "mid", "high"])
        let outputs = try MLKernel.run(try MLKernel.make("TreeEnsembleClassifier", outputs: ["Y", "Z"], attributes), two)
        #expect(outputs[0].tensor?.strings == ["mid", "low"])
        #expect(outputs[1].tensor?.shape == [2, 3])
    }

    @Test func refusesClassIdsBeyondTheLabelsAndMismatchedBaseValues() {
        #expect(MLKernel.loadError("TreeEnsembleClassifier", stump([0.2], [0.7], classes: [2]))?.code == .invalidAttribute)
        #expect(MLKernel.loadError("TreeEnsembleClassifier", stump([0.2], [0.7], classes: [0], labels: [1, 2, 3], extra: ["base_values": .floats([0, 1])]))?.code == .invalidAttribute)
        #expect(MLKernel.loadError("TreeEnsembleClassifier", stump([0.2], [0.7], classes: [0], extra: ["class_weights": .floats([1])]))?.code == .invalidAttribute)
        #expect(MLKernel.loadError("TreeEnsembleClassifier", stump([0.2], [0.7], classes: [0], labels: [1]))?.code == .invalidAttribute)
    }
}
