import SluiceONNX
import Testing

/// Expected values are onnxruntime 1.32's for X = [[1, 2], [−1, 0.5], [0, 0]].
private let x = MLKernel.matrix([[1, 2], [-1, 0.5], [0, 0]])

private func classifier(_ coefficients: [Float], _ intercepts: [Float], labels: [Int64], transform: String = "NONE") throws -> (labels: [Int64], scores: [Float]) {
    let kernel = try MLKernel.make("LinearClassifier", opset: 1, outputs: ["Y", "Z"], [
        "coefficients": .floats(coefficients), "intercepts": .floats(intercepts),
        "classlabels_ints": .ints(labels), "post_transform": .string(transform),
    ])
    let outputs = try MLKernel.run(kernel, x)
    return (outputs[0].tensor?.int64s ?? [], MLKernel.floats(outputs[1]))
}

@Suite struct MLLinearModelTests {
    @Test func regressorComputesEachTargetAndTransformsOnlySeveral() throws {
        let two = try MLKernel.make("LinearRegressor", opset: 1, ["coefficients": .floats([0.5, -0.25, -0.1, 0.3]), "intercepts": .floats([0.1, 0.2]), "targets": .int(2)])
        let y = try MLKernel.run(two, x)[0]
        #expect(y.tensor?.shape == [3, 2])
        #expect(MLKernel.close(MLKernel.floats(y), [0.1, 0.7, -0.525, 0.45, 0.1, 0.2]))
        let softmax = try MLKernel.make("LinearRegressor", opset: 1, ["coefficients": .floats([0.5, -0.25, -0.1, 0.3]), "intercepts": .floats([0.1, 0.2]), "targets": .int(2), "post_transform": .string("SOFTMAX")])
        #expect(MLKernel.close(Array(MLKernel.floats(try MLKernel.run(softmax, x)[0]).prefix(2)), [0.35434, 0.64566], tolerance: 1e-4))
        let one = try MLKernel.make("LinearRegressor", opset: 1, ["coefficients": .floats([0.5, -0.25]), "intercepts": .floats([0.1]), "post_transform": .string("LOGISTIC")])
        #expect(MLKernel.close(MLKernel.floats(try MLKernel.run(one, x)[0]), [0.1, -0.525, 0.1]))
    }

    @Test func binaryClassifierScoresThePositiveClass() throws {
        let plain = try classifier([0.5, -0.25], [0.1], labels: [0, 1])
        #expect(plain.labels == [1, 0, 1])
        #expect(MLKernel.close(plain.scores, [0.9, 0.1, 1.525, -0.525, 0.9, 0.1]))
        let logistic = try classifier([0.5, -0.25], [0.1], labels: [0, 1], transform: "LOGISTIC")
        #expect(MLKernel.close(logistic.scores, [0.47502, 0.52498, 0.62832, 0.37168, 0.47502, 0.52498], tolerance: 1e-4))
    }

    @Test func multiclassClassifierTakesTheHighestRawScore() throws {
        let plain = try classifier([0.5, -0.25, -0.5, 0.25, 0.1, 0.1], [0.1, -0.1, 0], labels: [7, 8, 9])
        #expect(plain.labels == [9, 8, 7])
        #expect(MLKernel.close(plain.scores, [0.1, -0.1, 0.3, -0.525, 0.525, -0.05, 0.1, -0.1, 0]))
        let softmax = try classifier([0.5, -0.25, -0.5, 0.25, 0.1, 0.1], [0.1, -0.1, 0], labels: [7, 8, 9], transform: "SOFTMAX")
        #expect(MLKernel.close(Array(softmax.scores.prefix(3)), [0.32893, 0.26931, 0.40176], tolerance: 1e-4))
        let softmaxZero = try classifier([0.5, -0.25, -0.5, 0.25, 0.1, 0.1], [0.1, -0.1, 0], labels: [7, 8, 9], transform: "SOFTMAX_ZERO")
        #expect(MLKernel.close(Array(softmaxZero.scores.suffix(3)), [0.54983, 0.45017, 0], tolerance: 1e-4))
    }

    @Test func refusesCoefficientsThatDoNotFitTheInputOrTheLabels() throws {
        let kernel = try MLKernel.make("LinearRegressor", opset: 1, ["coefficients": .floats([0.5, -0.25, 1])])
        #expect(MLKernel.runError(kernel, x)?.code == .inputMismatch)
        #expect(MLKernel.loadError("LinearRegressor", opset: 1, ["coefficients": .floats([0.5, -0.25, 1]), "targets": .int(2)])?.code == .invalidAttribute)
        #expect(MLKernel.loadError("LinearClassifier", opset: 1, outputs: ["Y", "Z"], ["coefficients": .floats([1, 2]), "intercepts": .floats([0]), "classlabels_ints": .ints([4])])?.code == .invalidAttribute)
        #expect(MLKernel.loadError("LinearClassifier", opset: 1, outputs: ["Y", "Z"], ["coefficients": .floats([1, 2])])?.code == .invalidAttribute)
    }
}
