import SluiceONNX
import Testing

@Suite struct MLEncoderTests {
    @Test func oneHotEncoderAddsACategoryAxisAndTruncatesNumbers() throws {
        let kernel = try MLKernel.make("OneHotEncoder", opset: 1, ["cats_int64s": .ints([1, 3, 5])])
        let y = try MLKernel.run(kernel, MLKernel.matrix([[1, 3.7], [5, 9]]))[0]
        #expect(y.tensor?.shape == [2, 2, 3])
        #expect(MLKernel.floats(y) == [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])
        let strings = try MLKernel.make("OneHotEncoder", opset: 1, ["cats_strings": .strings(["a", "b"])])
        #expect(MLKernel.floats(try MLKernel.run(strings, Tensor(shape: [1, 2], strings: ["a", "c"]))[0]) == [1, 0, 0, 0])
        #expect(MLKernel.runError(strings, Tensor(shape: [1], floats: [1]))?.code == .inputMismatch)
    }

    @Test func oneHotEncoderRefusesUnknownCategoriesWithoutZeros() throws {
        let kernel = try MLKernel.make("OneHotEncoder", opset: 1, ["cats_int64s": .ints([1, 3]), "zeros": .int(0)])
        #expect(MLKernel.runError(kernel, Tensor(shape: [2], int64s: [1, 2]))?.code == .inputMismatch)
        #expect(MLKernel.runError(kernel, Tensor(shape: [1], floats: [.nan]))?.code == .inputMismatch)
    }

    @Test func labelEncoderOpset1MapsStringsToPositionsAndBack() throws {
        let kernel = try MLKernel.make("LabelEncoder", opset: 1, ["classes_strings": .strings(["a", "b", "c"]), "default_int64": .int(-7)])
        #expect(try MLKernel.run(kernel, Tensor(shape: [2], strings: ["b", "z"]))[0].tensor?.int64s == [1, -7])
        #expect(try MLKernel.run(kernel, Tensor(shape: [2], int64s: [2, 5]))[0].tensor?.strings == ["c", "_Unused"])
    }

    @Test func labelEncoderOpset2PairsKeysWithValues() throws {
        let floats = try MLKernel.make("LabelEncoder", opset: 2, ["keys_int64s": .ints([1, 2]), "values_floats": .floats([0.5, 0.25])])
        let y = try MLKernel.run(floats, Tensor(shape: [1, 3], int64s: [1, 2, 3]))[0]
        #expect(y.tensor?.shape == [1, 3])
        #expect(y.tensor?.floats == [0.5, 0.25, -0.0])
        // onnxruntime keeps the first of repeated keys and matches no NaN key at opset 2.
        let repeated = try MLKernel.make("LabelEncoder", opset: 2, ["keys_int64s": .ints([1, 1]), "values_int64s": .ints([5, 6])])
        #expect(try MLKernel.run(repeated, Tensor(shape: [2], int64s: [1, 2]))[0].tensor?.int64s == [5, -1])
        let nanKey = try MLKernel.make("LabelEncoder", opset: 2, ["keys_floats": .floats([1, .nan]), "values_strings": .strings(["one", "nan"])])
        #expect(try MLKernel.run(nanKey, Tensor(shape: [2], floats: [1, .nan]))[0].tensor?.strings == ["one", "_Unused"])
        #expect(MLKernel.runError(nanKey, Tensor(shape: [1], strings: ["1"]))?.code == .inputMismatch)
    }

    @Test func labelEncoderOpset4TakesTensorsAndMatchesNaN() throws {
        let kernel = try MLKernel.make("LabelEncoder", opset: 4, [
            "keys_tensor": .tensor(Tensor(shape: [3], doubles: [1, .nan, 1])),
            "values_tensor": .tensor(Tensor(shape: [3], strings: ["first", "missing", "last"])),
            "default_tensor": .tensor(Tensor(shape: [1], strings: ["other"])),
        ])
        #expect(try MLKernel.run(kernel, Tensor(shape: [3], doubles: [1, .nan, 2]))[0].tensor?.strings == ["last", "missing", "other"])
        let doubles = try MLKernel.make("LabelEncoder", opset: 4, ["keys_int64s": .ints([1, 2]), "values_tensor": .tensor(Tensor(shape: [2], doubles: [0.5, 0.25]))])
        #expect(try MLKernel.run(doubles, Tensor(shape: [3], int64s: [1, 2, 3]))[0].tensor?.doubles == [0.5, 0.25, -0.0])
        #expect(MLKernel.loadError("LabelEncoder", opset: 4, ["keys_int64s": .ints([1, 2]), "values_int64s": .ints([1])])?.code == .invalidAttribute)
        #expect(MLKernel.loadError("LabelEncoder", opset: 4, ["keys_int64s": .ints([1]), "keys_strings": .strings(["a"]), "values_int64s": .ints([1])])?.code == .invalidAttribute)
    }

    @Test func categoryMapperMapsEitherWay() throws {
        let kernel = try MLKernel.make("CategoryMapper", opset: 1, ["cats_strings": .strings(["a", "b"]), "cats_int64s": .ints([5, 6]), "default_string": .string("?")])
        #expect(try MLKernel.run(kernel, Tensor(shape: [1, 2], strings: ["a", "z"]))[0].tensor?.int64s == [5, -1])
        #expect(try MLKernel.run(kernel, Tensor(shape: [1, 2], int64s: [6, 1]))[0].tensor?.strings == ["b", "?"])
        #expect(MLKernel.loadError("CategoryMapper", opset: 1, ["cats_strings": .strings(["a"]), "cats_int64s": .ints([5, 6])])?.code == .invalidAttribute)
    }
}
