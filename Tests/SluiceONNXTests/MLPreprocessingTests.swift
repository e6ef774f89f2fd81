import SluiceONNX
import Testing

@Suite struct MLPreprocessingTests {
    @Test func scalerOffsetsThenScalesPerColumnOrForAll() throws {
        let perColumn = try MLKernel.make("Scaler", opset: 1, ["offset": .floats([1, 2]), "scale": .floats([2, 0.5])])
        let y = try MLKernel.run(perColumn, Tensor(shape: [2, 2], int64s: [1, 1, 3, 4]))[0]
        #expect(y.tensor?.floats == [0, -0.5, 4, 1])
        let forAll = try MLKernel.make("Scaler", opset: 1, ["offset": .floats([1]), "scale": .floats([2])])
        #expect(MLKernel.floats(try MLKernel.run(forAll, MLKernel.matrix([[1, 1], [3, 4]]))[0]) == [0, 0, 4, 6])
        #expect(MLKernel.runError(perColumn, MLKernel.matrix([[1, 2, 3]]))?.code == .inputMismatch)
    }

    @Test(arguments: [
        ("MAX", [Float(1), -2, 2, 1, 0, 0, 0.75, 1]),
        ("L1", [0.333333, -0.666667, -0.666667, -0.333333, 0, 0, 0.428571, 0.571429]),
        ("L2", [0.447214, -0.894427, -0.894427, -0.447214, 0, 0, 0.6, 0.8]),
    ])
    func normalizerDividesEachRowByItsNorm(norm: String, expected: [Float]) throws {
        let kernel = try MLKernel.make("Normalizer", opset: 1, ["norm": .string(norm)])
        let y = try MLKernel.run(kernel, MLKernel.matrix([[1, -2], [-1, -0.5], [0, 0], [3, 4]]))[0]
        #expect(MLKernel.close(MLKernel.floats(y), expected))
    }

    @Test func binarizerKeepsTheTypeAndRefusesNaN() throws {
        let kernel = try MLKernel.make("Binarizer", opset: 1, ["threshold": .float(0.5)])
        #expect(MLKernel.floats(try MLKernel.run(kernel, MLKernel.matrix([[0.4, 1], [0.5, 0.6]]))[0]) == [0, 1, 0, 1])
        #expect(try MLKernel.run(kernel, Tensor(shape: [2], int64s: [0, 3]))[0].tensor?.int64s == [0, 1])
        #expect(MLKernel.runError(kernel, Tensor(shape: [1], floats: [.nan]))?.code == .inputMismatch)
    }

    @Test func imputerReplacesMatchingValuesPerColumn() throws {
        let nan = try MLKernel.make("Imputer", opset: 1, ["imputed_value_floats": .floats([9, 8]), "replaced_value_float": .float(.nan)])
        #expect(MLKernel.floats(try MLKernel.run(nan, MLKernel.matrix([[.nan, 1], [2, .nan]]))[0]) == [9, 1, 2, 8])
        let single = try MLKernel.make("Imputer", opset: 1, ["imputed_value_floats": .floats([9]), "replaced_value_float": .float(1)])
        #expect(try MLKernel.run(single, Tensor(shape: [2], doubles: [1, 2]))[0].tensor?.doubles == [9, 2])
        let integers = try MLKernel.make("Imputer", opset: 1, ["imputed_value_int64s": .ints([9]), "replaced_value_int64": .int(1)])
        #expect(try MLKernel.run(integers, Tensor(shape: [2, 2], int64s: [0, 1, 1, 2]))[0].tensor?.int64s == [0, 9, 9, 2])
        #expect(MLKernel.runError(integers, Tensor(shape: [1], floats: [1]))?.code == .inputMismatch)
        #expect(MLKernel.runError(nan, MLKernel.matrix([[1, 2, 3]]))?.code == .inputMismatch)
    }
}
