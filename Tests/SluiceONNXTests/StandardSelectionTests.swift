@testable import SluiceONNX
import Testing

@Suite struct StandardGatherTests: StandardOperatorTesting {
    let table = Tensor(shape: [3, 2], floats: [1, 2, 3, 4, 5, 6])

    @Test func gathersRowsAlongAxis0() throws {
        let y = try run("Gather", [table, vector([2, 0])])
        #expect(y.shape == [2, 2])
        #expect(y.floats == [5, 6, 1, 2])
    }

    @Test func gathersColumnsAlongAnyAxisWithTheIndicesShape() throws {
        let y = try run("Gather", ["axis": .int(1)], [table, int64s([1, 2], [1, 0])])
        #expect(y.shape == [3, 1, 2])
        #expect(y.floats == [2, 1, 4, 3, 6, 5])
        let scalar = try run("Gather", ["axis": .int(-1)], [table, int64s([], [1])])
        #expect(scalar.shape == [3])
        #expect(scalar.floats == [2, 4, 6])
    }

    @Test func negativeIndicesCountFromTheEnd() throws {
        #expect(try run("Gather", [strings([3], ["a", "b", "c"]), vector([-1, -3])]).strings == ["c", "a"])
    }

    @Test func outOfRangeIndicesAreErrorsNamingTheNode() {
        let error = failure("Gather", [table, vector([3])])
        #expect(error?.code == .inputMismatch)
        #expect(error?.message.contains(nodeName) == true)
        #expect(error?.message.contains("3") == true)
        #expect(failure("Gather", [table, vector([-4])])?.code == .inputMismatch)
        #expect(failure("Gather", ["axis": .int(2)], [table, vector([0])])?.code == .inputMismatch)
        #expect(failure("Gather", [table, floats([1], [0])])?.code == .inputMismatch)
    }
}

@Suite struct StandardSliceTests: StandardOperatorTesting {
    let row = Tensor(shape: [6], int64s: [0, 1, 2, 3, 4, 5])
    let matrix = Tensor(shape: [2, 3], int64s: [1, 2, 3, 4, 5, 6])

    @Test func beforeOpset10StartsEndsAndAxesAreAttributes() throws {
        let y = try run("Slice", opset: 9, ["starts": .ints([1]), "ends": .ints([4])], [row])
        #expect(y.int64s == [1, 2, 3])
        let column = try run("Slice", opset: 9, ["starts": .ints([1]), "ends": .ints([2]), "axes": .ints([1])], [matrix])
        #expect(column.shape == [2, 1])
        #expect(column.int64s == [2, 5])
        #expect(failure("Slice", opset: 9, ["starts": .ints([1])], [row])?.code == .invalidAttribute)
    }

    @Test func fromOpset10TheyAreInputsWithOptionalSteps() throws {
        #expect(try run("Slice", [row, vector([1]), vector([5]), nil, vector([2])]).int64s == [1, 3])
        #expect(try run("Slice", [matrix, vector([1]), vector([3]), vector([-1])]).int64s == [2, 3, 5, 6])
    }

    @Test func negativeIndicesCountFromTheEndAndHugeEndsClamp() throws {
        #expect(try run("Slice", [row, vector([-2]), vector([Int64.max])]).int64s == [4, 5])
        #expect(try run("Slice", [row, vector([-100]), vector([2])]).int64s == [0, 1])
        #expect(try run("Slice", [row, vector([4]), vector([2])]).int64s == [])
    }

    @Test func negativeStepsWalkBackwards() throws {
        #expect(try run("Slice", [row, vector([-1]), vector([Int64.min]), vector([0]), vector([-1])]).int64s == [5, 4, 3, 2, 1, 0])
        #expect(try run("Slice", [row, vector([4]), vector([0]), vector([0]), vector([-2])]).int64s == [4, 2])
        #expect(try run("Slice", [row, vector([100]), vector([-100]), vector([0]), vector([-3])]).int64s == [5, 2])
    }

    @Test func slicesSeveralAxesAtOnce() throws {
        let y = try run("Slice", [matrix, vector([0, 2]), vector([1, 0]), vector([0, 1]), vector([1, -1])])
        #expect(y.shape == [1, 2])
        #expect(y.int64s == [3, 2])
    }

    @Test func zeroStepsAndInconsistentListsAreErrors() {
        #expect(failure("Slice", [row, vector([0]), vector([3]), vector([0]), vector([0])])?.code == .inputMismatch)
        #expect(failure("Slice", [row, vector([0, 1]), vector([3])])?.code == .inputMismatch)
        #expect(failure("Slice", [row, vector([0]), vector([3]), vector([1])])?.code == .inputMismatch)
    }
}
