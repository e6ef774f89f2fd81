@testable import SluiceONNX
import Testing

@Suite struct StandardReductionTests: StandardOperatorTesting {
    // [[1, 2, 3], [4, 5, 6]]
    let x = Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])

    @Test func reduceSumAxesAreAnAttributeBeforeOpset13() throws {
        let y = try run("ReduceSum", opset: 11, ["axes": .ints([1])], [x])
        #expect(y.shape == [2, 1])
        #expect(y.floats == [6, 15])
        let flat = try run("ReduceSum", opset: 11, ["axes": .ints([0]), "keepdims": .int(0)], [x])
        #expect(flat.shape == [3])
        #expect(flat.floats == [5, 7, 9])
    }

    @Test func reduceSumAxesAreAnInputFromOpset13() throws {
        #expect(try run("ReduceSum", opset: 13, [x, vector([-1])]).floats == [6, 15])
        // The attribute no longer counts.
        #expect(try run("ReduceSum", opset: 13, ["axes": .ints([1])], [x]).floats == [21])
    }

    @Test func noAxesReduceEverythingUnlessNoopWithEmptyAxes() throws {
        let all = try run("ReduceSum", opset: 13, [x])
        #expect(all.shape == [1, 1])
        #expect(all.floats == [21])
        #expect(try run("ReduceSum", opset: 13, ["keepdims": .int(0)], [x, vector([])]).shape == [])
        #expect(try run("ReduceSum", opset: 13, ["noop_with_empty_axes": .int(1)], [x, vector([])]) == x)
    }

    @Test func otherReductionsTakeAxesAsAnInputFromOpset18() throws {
        #expect(try run("ReduceMean", opset: 13, ["axes": .ints([1])], [x]).floats == [2, 5])
        #expect(try run("ReduceMean", opset: 18, [x, vector([1])]).floats == [2, 5])
        #expect(try run("ReduceMax", opset: 13, ["axes": .ints([0])], [x]).floats == [4, 5, 6])
        #expect(try run("ReduceMax", opset: 18, [x, vector([0])]).floats == [4, 5, 6])
        #expect(try run("ReduceMin", opset: 18, ["keepdims": .int(0)], [x, vector([1])]).floats == [1, 4])
        #expect(try run("ReduceProd", opset: 13, ["axes": .ints([1])], [x]).floats == [6, 120])
        #expect(try run("ReduceSumSquare", opset: 13, ["axes": .ints([1])], [x]).floats == [14, 77])
    }

    @Test func reduceLogSumExpIsStableForLargeInputs() throws {
        let y = try run("ReduceLogSumExp", opset: 13, ["axes": .ints([1]), "keepdims": .int(0)], [x])
        #expect(close(y.floats, [3.4076059644443806, 6.4076059644443806]))
        let large = try run("ReduceLogSumExp", opset: 18, [floats([2], [1000, 1000]), vector([0])])
        #expect(close(large.floats, [1000.6931471805599]))
    }

    @Test func reduceMaxAndMinSkipNaNAsOnnxruntimeDoes() throws {
        let withNaN = floats([1, 3], [1, .nan, 3])
        #expect(try run("ReduceMax", opset: 13, ["axes": .ints([1])], [withNaN]).floats == [3])
        #expect(try run("ReduceMin", opset: 13, ["axes": .ints([1])], [withNaN]).floats == [1])
    }

    @Test func reductionsOverAMiddleAxis() throws {
        let cube = Tensor(shape: [2, 2, 2], doubles: [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try run("ReduceSum", opset: 13, [cube, vector([1])]).doubles == [4, 6, 12, 14])
        #expect(try run("ReduceSum", opset: 13, [cube, vector([0, 2])]).doubles == [14, 22])
    }

    @Test func integerSumsAndBadAxesAreHandled() throws {
        #expect(try run("ReduceSum", opset: 13, [int64s([2, 2], [1, 2, 3, 4]), vector([1])]).int64s == [3, 7])
        #expect(failure("ReduceSum", opset: 13, [x, vector([2])])?.code == .inputMismatch)
        #expect(try run("ReduceMean", opset: 18, [int64s([1, 2], [1, 2]), vector([1])]).int64s == [1])
        #expect(failure("ReduceLogSumExp", opset: 18, [int64s([1], [1])])?.code == .inputMismatch)
        #expect(failure("ReduceSum", opset: 13, [strings([1], ["a"])])?.code == .inputMismatch)
    }
}

@Suite struct StandardArgMaxTests: StandardOperatorTesting {
    let scores = Tensor(shape: [2, 3], floats: [0.1, 0.7, 0.7, 0.5, 0.2, 0.3])

    @Test func argMaxDefaultsToAxis0AndKeepsDimensions() throws {
        let y = try run("ArgMax", [scores])
        #expect(y.shape == [1, 3])
        #expect(y.int64s == [1, 0, 0])
    }

    @Test func argMaxAlongClassesWithoutKeptDimension() throws {
        let y = try run("ArgMax", ["axis": .int(1), "keepdims": .int(0)], [scores])
        #expect(y.shape == [2])
        #expect(y.int64s == [1, 0])
    }

    @Test func tiesGoToTheFirstUnlessSelectLastIndexFromOpset12() throws {
        #expect(try run("ArgMax", opset: 12, ["axis": .int(-1), "select_last_index": .int(1)], [scores]).int64s == [2, 0])
        #expect(try run("ArgMax", opset: 11, ["axis": .int(-1), "select_last_index": .int(1)], [scores]).int64s == [1, 0])
    }

    @Test func argMinAndIntegerInputs() throws {
        #expect(try run("ArgMin", ["axis": .int(1)], [scores]).int64s == [0, 1])
        #expect(try run("ArgMax", ["axis": .int(0)], [int64s([3], [3, 9, 9])]).int64s == [1])
    }

    @Test func badAxesAndEmptyAxesAreErrors() {
        #expect(failure("ArgMax", ["axis": .int(2)], [scores])?.code == .inputMismatch)
        #expect(failure("ArgMax", ["axis": .int(1)], [floats([2, 0], [])])?.code == .inputMismatch)
        #expect(failure("ArgMax", [strings([1], ["a"])])?.code == .inputMismatch)
    }
}
