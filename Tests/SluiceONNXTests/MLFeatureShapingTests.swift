import SluiceONNX
import Testing

@Suite struct MLFeatureShapingTests {
    @Test func zipMapKeepsTheMatrixWithItsKeys() throws {
        let ints = try MLKernel.make("ZipMap", opset: 1, ["classlabels_int64s": .ints([3, 4])])
        let maps = try MLKernel.run(ints, MLKernel.matrix([[0.2, 0.8], [0.6, 0.4]]))[0]
        #expect(maps == .probabilityMaps(ProbabilityMaps(keys: .int64s([3, 4]), values: MLKernel.matrix([[0.2, 0.8], [0.6, 0.4]]))))
        let strings = try MLKernel.make("ZipMap", opset: 1, ["classlabels_strings": .strings(["no", "yes"])])
        guard case .probabilityMaps(let named)? = try MLKernel.run(strings, Tensor(shape: [2], floats: [0.3, 0.7])).first else {
            Issue.record("ZipMap gave no maps")
            return
        }
        #expect(named.keys == .strings(["no", "yes"]))
        #expect(named.values.shape == [1, 2])
        #expect(MLKernel.runError(strings, MLKernel.matrix([[0.2, 0.3, 0.5]]))?.code == .inputMismatch)
        #expect(MLKernel.loadError("ZipMap", opset: 1, [:])?.code == .invalidAttribute)
    }

    @Test func arrayFeatureExtractorPicksAlongTheLastAxis() throws {
        let kernel = try MLKernel.make("ArrayFeatureExtractor", opset: 1, inputs: ["X", "I"], [:])
        let matrix = MLKernel.matrix([[1, 2, 3], [4, 5, 6]])
        let picked = try MLKernel.run(kernel, matrix, Tensor(shape: [2], int64s: [2, 0]))[0]
        #expect(picked.tensor == MLKernel.matrix([[3, 1], [6, 4]]))
        let vector = try MLKernel.run(kernel, Tensor(shape: [3], strings: ["a", "b", "c"]), Tensor(shape: [1, 1], int64s: [1]))[0]
        #expect(vector.tensor == Tensor(shape: [1, 1], strings: ["b"]))
        let error = MLKernel.runError(kernel, matrix, Tensor(shape: [1], int64s: [5]))
        #expect(error?.code == .inputMismatch)
        #expect(error?.message.contains("5") == true)
    }

    @Test func featureVectorizerConcatenatesPaddingOrCutting() throws {
        let kernel = try MLKernel.make("FeatureVectorizer", opset: 1, inputs: ["A", "B"], ["inputdimensions": .ints([1, 3])])
        let y = try MLKernel.run(kernel, MLKernel.matrix([[1, 2], [3, 4]]), Tensor(shape: [2, 2], int64s: [5, 6, 7, 8]))[0]
        #expect(y.tensor == MLKernel.matrix([[1, 5, 6, 0], [3, 7, 8, 0]]))
        #expect(MLKernel.runError(kernel, MLKernel.matrix([[1]]), MLKernel.matrix([[1], [2]]))?.code == .inputMismatch)
        #expect(MLKernel.loadError("FeatureVectorizer", opset: 1, inputs: ["A"], ["inputdimensions": .ints([1, 2])])?.code == .invalidAttribute)
    }
}
