@testable import SluiceONNX
import Testing

@Suite struct StandardReshapeTests: StandardOperatorTesting {
    let six = (1...6).map { Float($0) }

    @Test func zeroCopiesADimensionAndMinusOneInfersOne() throws {
        let x = floats([2, 3], six)
        #expect(try run("Reshape", [x, vector([3, 2])]).shape == [3, 2])
        #expect(try run("Reshape", [x, vector([0, -1])]).shape == [2, 3])
        #expect(try run("Reshape", [x, vector([-1])]).shape == [6])
        #expect(try run("Reshape", [x, vector([-1])]).floats == six)
    }

    @Test func allowzeroMakesZeroALiteralDimension() throws {
        let empty = floats([0, 3], [])
        #expect(try run("Reshape", opset: 14, ["allowzero": .int(1)], [empty, vector([3, 0])]).shape == [3, 0])
        #expect(failure("Reshape", opset: 14, ["allowzero": .int(1)], [floats([2, 3], six), vector([0, -1])])?.code == .inputMismatch)
    }

    @Test func beforeOpset5TheShapeIsAnAttribute() throws {
        #expect(try run("Reshape", opset: 4, ["shape": .ints([3, -1])], [floats([2, 3], six)]).shape == [3, 2])
        #expect(failure("Reshape", opset: 4, [floats([2, 3], six)])?.code == .invalidAttribute)
    }

    @Test func impossibleShapesAreErrors() {
        let x = floats([2, 3], six)
        #expect(failure("Reshape", [x, vector([4, -1])])?.code == .inputMismatch)
        #expect(failure("Reshape", [x, vector([-1, -1])])?.code == .inputMismatch)
        #expect(failure("Reshape", [x, vector([5])])?.code == .inputMismatch)
        #expect(failure("Reshape", [x, vector([-2, 3])])?.code == .inputMismatch)
        #expect(failure("Reshape", [x, floats([1], [6])])?.code == .inputMismatch)
    }

    @Test func flattenSplitsTheShapeAtAxis() throws {
        let x = floats([2, 3, 1], six)
        #expect(try run("Flatten", [x]).shape == [2, 3])
        #expect(try run("Flatten", ["axis": .int(0)], [x]).shape == [1, 6])
        #expect(try run("Flatten", ["axis": .int(3)], [x]).shape == [6, 1])
        #expect(try run("Flatten", ["axis": .int(-1)], [x]).shape == [6, 1])
        #expect(failure("Flatten", ["axis": .int(4)], [x])?.code == .inputMismatch)
    }

    @Test func identityPassesTheValueThrough() throws {
        #expect(try run("Identity", [strings([1], ["a"])]) == strings([1], ["a"]))
    }
}

@Suite struct StandardSqueezeTests: StandardOperatorTesting {
    let x = Tensor(shape: [1, 3, 1], floats: [1, 2, 3])

    @Test func squeezeAxesAreAnAttributeBeforeOpset13() throws {
        #expect(try run("Squeeze", opset: 11, ["axes": .ints([0])], [x]).shape == [3, 1])
        #expect(try run("Squeeze", opset: 11, ["axes": .ints([-1])], [x]).shape == [1, 3])
    }

    @Test func squeezeAxesAreAnInputFromOpset13() throws {
        #expect(try run("Squeeze", opset: 13, [x, vector([2])]).shape == [1, 3])
        #expect(try run("Squeeze", opset: 13, ["axes": .ints([0])], [x]).shape == [3])
    }

    @Test func squeezeWithoutAxesRemovesEveryOne() throws {
        #expect(try run("Squeeze", opset: 13, [x]).shape == [3])
        #expect(try run("Squeeze", opset: 11, [x]).shape == [3])
    }

    @Test func squeezingADimensionLargerThanOneIsAnError() {
        #expect(failure("Squeeze", opset: 13, [x, vector([1])])?.code == .inputMismatch)
        #expect(failure("Squeeze", opset: 13, [x, vector([3])])?.code == .inputMismatch)
    }

    @Test func unsqueezeInsertsOnesAtOutputPositions() throws {
        let v = floats([3], [1, 2, 3])
        #expect(try run("Unsqueeze", opset: 11, ["axes": .ints([0])], [v]).shape == [1, 3])
        #expect(try run("Unsqueeze", opset: 11, ["axes": .ints([0, 2])], [v]).shape == [1, 3, 1])
        #expect(try run("Unsqueeze", opset: 13, [v, vector([-1])]).shape == [3, 1])
        #expect(try run("Unsqueeze", opset: 13, [v, vector([1, 0])]).shape == [1, 1, 3])
    }

    @Test func unsqueezeNeedsValidDistinctAxes() {
        let v = floats([3], [1, 2, 3])
        #expect(failure("Unsqueeze", opset: 11, [v])?.code == .invalidAttribute)
        #expect(failure("Unsqueeze", opset: 13, [v])?.code == .inputMismatch)
        #expect(failure("Unsqueeze", opset: 13, [v, vector([0, 0])])?.code == .inputMismatch)
        #expect(failure("Unsqueeze", opset: 13, [v, vector([2])])?.code == .inputMismatch)
    }
}

@Suite struct StandardShapeQueryTests: StandardOperatorTesting {
    let x = Tensor(shape: [2, 3, 4], floats: [Float](repeating: 0, count: 24))

    @Test func shapeGivesTheDimensionsAsInt64() throws {
        let y = try run("Shape", [x])
        #expect(y.shape == [3])
        #expect(y.int64s == [2, 3, 4])
    }

    @Test func fromOpset15ShapeTakesAClampedRange() throws {
        #expect(try run("Shape", opset: 15, ["start": .int(1)], [x]).int64s == [3, 4])
        #expect(try run("Shape", opset: 15, ["start": .int(-1)], [x]).int64s == [4])
        #expect(try run("Shape", opset: 15, ["end": .int(-1)], [x]).int64s == [2, 3])
        #expect(try run("Shape", opset: 15, ["start": .int(-10), "end": .int(10)], [x]).int64s == [2, 3, 4])
        #expect(try run("Shape", opset: 15, ["start": .int(2), "end": .int(1)], [x]).int64s == [])
    }

    @Test func sizeCountsTheElements() throws {
        let y = try run("Size", [x])
        #expect(y.shape == [])
        #expect(y.int64s == [24])
    }
}

@Suite struct StandardTransposeAndExpandTests: StandardOperatorTesting {
    @Test func transposeReversesTheAxesByDefault() throws {
        let y = try run("Transpose", [floats([2, 3], [1, 2, 3, 4, 5, 6])])
        #expect(y.shape == [3, 2])
        #expect(y.floats == [1, 4, 2, 5, 3, 6])
    }

    @Test func transposeFollowsPerm() throws {
        let x = int64s([2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7])
        let y = try run("Transpose", ["perm": .ints([1, 0, 2])], [x])
        #expect(y.shape == [2, 2, 2])
        #expect(y.int64s == [0, 1, 4, 5, 2, 3, 6, 7])
        #expect(failure("Transpose", ["perm": .ints([0, 0, 1])], [x])?.code == .invalidAttribute)
        #expect(failure("Transpose", ["perm": .ints([1, 0])], [x])?.code == .invalidAttribute)
    }

    @Test func expandBroadcastsBothWays() throws {
        let column = floats([2, 1], [1, 2])
        let y = try run("Expand", [column, vector([2, 3])])
        #expect(y.shape == [2, 3])
        #expect(y.floats == [1, 1, 1, 2, 2, 2])
        // A 1 in the requested shape keeps the input's dimension; extra leading dims are added.
        let z = try run("Expand", [column, vector([2, 1, 1])])
        #expect(z.shape == [2, 2, 1])
        #expect(z.floats == [1, 2, 1, 2])
        #expect(failure("Expand", [column, vector([3, 3])])?.code == .inputMismatch)
    }
}

@Suite struct StandardConcatTests: StandardOperatorTesting {
    @Test func concatJoinsAlongAnAxis() throws {
        let a = floats([2, 1], [1, 2]), b = floats([2, 2], [3, 4, 5, 6])
        let y = try run("Concat", ["axis": .int(1)], [a, b])
        #expect(y.shape == [2, 3])
        #expect(y.floats == [1, 3, 4, 2, 5, 6])
        let rows = try run("Concat", ["axis": .int(-2)], [b, b])
        #expect(rows.shape == [4, 2])
        #expect(rows.floats == [3, 4, 5, 6, 3, 4, 5, 6])
    }

    @Test func concatJoinsStringsAndSkipsEmptyInputs() throws {
        let y = try run("Concat", ["axis": .int(0)], [strings([1], ["a"]), strings([0], []), strings([2], ["b", "c"])])
        #expect(y.strings == ["a", "b", "c"])
    }

    @Test func axisIsRequiredFromOpset4AndDefaultsTo1Before() throws {
        #expect(failure("Concat", [floats([1, 1], [1]), floats([1, 1], [2])])?.code == .invalidAttribute)
        #expect(try run("Concat", opset: 1, [floats([1, 1], [1]), floats([1, 1], [2])]).shape == [1, 2])
    }

    @Test func inputsMustAgreeInTypeAndOtherDimensions() {
        #expect(failure("Concat", ["axis": .int(0)], [floats([1], [1]), doubles([1], [1])])?.code == .inputMismatch)
        #expect(failure("Concat", ["axis": .int(0)], [floats([1, 2], [1, 2]), floats([1, 3], [1, 2, 3])])?.code == .inputMismatch)
        #expect(failure("Concat", ["axis": .int(2)], [floats([1, 2], [1, 2])])?.code == .inputMismatch)
    }
}
