@testable import SluiceONNX
import Testing

@Suite struct StandardArithmeticTests: StandardOperatorTesting {
    @Test func addBroadcastsARowAcrossAMatrixAndKeepsFloat() throws {
        let y = try run("Add", [floats([2, 3], [1, 2, 3, 4, 5, 6]), floats([3], [10, 20, 30])])
        #expect(y.shape == [2, 3])
        #expect(y.floats == [11, 22, 33, 14, 25, 36])
    }

    @Test func broadcastingStretchesOnesInBothInputs() throws {
        let y = try run("Mul", [floats([2, 1], [1, 2]), floats([1, 3], [1, 10, 100])])
        #expect(y.shape == [2, 3])
        #expect(y.floats == [1, 10, 100, 2, 20, 200])
        let scalar = try run("Sub", [doubles([], [10]), doubles([2, 2], [1, 2, 3, 4])])
        #expect(scalar.shape == [2, 2])
        #expect(scalar.doubles == [9, 8, 7, 6])
    }

    @Test func broadcastingThroughAMiddleAxis() throws {
        let a = floats([2, 3, 2], (0..<12).map { Float($0) })
        let y = try run("Add", [a, floats([3, 1], [100, 200, 300])])
        #expect(y.floats == [100, 101, 202, 203, 304, 305, 106, 107, 208, 209, 310, 311])
    }

    @Test func divisionIsTrueForFloatsAndTruncatingForIntegers() throws {
        #expect(try run("Div", [floats([2], [1, -7]), floats([2], [4, 2])]).floats == [0.25, -3.5])
        #expect(try run("Div", [int64s([3], [7, -7, 6]), int64s([3], [2, 2, -4])]).int64s == [3, -3, -1])
    }

    @Test func integerDivisionByZeroIsAnError() {
        let error = failure("Div", [int64s([2], [1, 2]), int64s([2], [1, 0])])
        #expect(error?.code == .inputMismatch)
        #expect(error?.message.contains("division by zero") == true)
    }

    @Test func powAcceptsAnIntegerExponentForAFloatBase() throws {
        #expect(try run("Pow", [floats([3], [2, 3, 4]), int64s([], [2])]).floats == [4, 9, 16])
        #expect(try run("Pow", [doubles([2], [4, 9]), doubles([], [0.5])]).doubles == [2, 3])
        #expect(try run("Pow", [int64s([3], [2, -3, 5]), int64s([3], [10, 3, -1])]).int64s == [1024, -27, 0])
    }

    @Test func inputsOfDifferentTypesAreRefusedWithBothTypesNamed() {
        let mixed = failure("Add", [floats([1], [1]), doubles([1], [1])])
        #expect(mixed?.code == .inputMismatch)
        #expect(mixed?.message.contains("float") == true && mixed?.message.contains("double") == true)
        #expect(failure("Mul", [strings([1], ["a"]), strings([1], ["b"])])?.code == .inputMismatch)
        #expect(failure("Sub", [bools([1], [true]), bools([1], [false])])?.code == .inputMismatch)
    }

    @Test func shapesThatDoNotBroadcastAreRefused() {
        let error = failure("Add", [floats([2, 3], [1, 2, 3, 4, 5, 6]), floats([2], [1, 2])])
        #expect(error?.code == .inputMismatch)
        #expect(error?.message.contains("[2, 3]") == true)
    }

    @Test func beforeOpset7BroadcastAlignsTheSecondInputAtAxis() throws {
        // Opset 6: B of shape [2] matched to A's axis 0 (numpy would match the last axis).
        let y = try run("Add", opset: 6, ["broadcast": .int(1), "axis": .int(0)], [floats([2, 3], [0, 0, 0, 0, 0, 0]), floats([2], [1, 2])])
        #expect(y.floats == [1, 1, 1, 2, 2, 2])
        let error = failure("Add", opset: 6, ["broadcast": .int(1), "axis": .int(1)], [floats([2, 3], [0, 0, 0, 0, 0, 0]), floats([2], [1, 2])])
        #expect(error?.code == .inputMismatch)
    }

    @Test func integerArithmeticWrapsInsteadOfTrapping() throws {
        #expect(try run("Add", [int64s([1], [Int64.max]), int64s([1], [1])]).int64s == [Int64.min])
        #expect(try run("Div", [int64s([1], [Int64.min]), int64s([1], [-1])]).int64s == [Int64.min])
    }

    @Test func sumMaxMinAndMeanFoldAnyNumberOfBroadcastInputs() throws {
        let a = floats([2], [1, 5]), b = floats([2], [4, 2]), c = floats([], [3])
        #expect(try run("Sum", [a, b, c]).floats == [8, 10])
        #expect(try run("Max", [a, b, c]).floats == [4, 5])
        #expect(try run("Min", [a, b, c]).floats == [1, 2])
        #expect(try run("Mean", [a, b, c]).floats == [8.0 / 3, 10.0 / 3])
        #expect(try run("Sum", [a]).floats == [1, 5])
        #expect(try run("Max", [int64s([2], [1, 9]), int64s([2], [3, 4])]).int64s == [3, 9])
    }

    @Test func maxAndMinPropagateNaN() throws {
        let y = try run("Max", [floats([2], [.nan, 1]), floats([2], [1, .nan])])
        #expect(y.floats?.allSatisfy(\.isNaN) == true)
    }
}

@Suite struct StandardComparisonTests: StandardOperatorTesting {
    @Test func comparisonsGiveBoolTensorsUnderBroadcasting() throws {
        let a = floats([3], [1, 2, 3]), b = floats([], [2])
        #expect(try run("Less", [a, b]).bools == [true, false, false])
        #expect(try run("Greater", [a, b]).bools == [false, false, true])
        #expect(try run("Equal", [a, b]).bools == [false, true, false])
        #expect(try run("LessOrEqual", [a, b]).bools == [true, true, false])
        #expect(try run("GreaterOrEqual", [a, b]).bools == [false, true, true])
        #expect(try run("Less", [int64s([2], [1, 5]), int64s([2], [2, 2])]).bools == [true, false])
    }

    @Test func equalComparesStringsAndBools() throws {
        #expect(try run("Equal", [strings([2], ["a", "b"]), strings([1], ["b"])]).bools == [false, true])
        #expect(try run("Equal", [bools([2], [true, false]), bools([2], [true, true])]).bools == [true, false])
        #expect(failure("Less", [strings([1], ["a"]), strings([1], ["b"])])?.code == .inputMismatch)
    }

    @Test func nanIsNeitherLessGreaterNorEqual() throws {
        let a = floats([1], [.nan]), b = floats([1], [1])
        #expect(try run("Less", [a, b]).bools == [false])
        #expect(try run("Greater", [a, b]).bools == [false])
        #expect(try run("Equal", [a, a]).bools == [false])
    }

    @Test func logicalOperatorsTakeBools() throws {
        let a = bools([4], [true, true, false, false]), b = bools([4], [true, false, true, false])
        #expect(try run("And", [a, b]).bools == [true, false, false, false])
        #expect(try run("Or", [a, b]).bools == [true, true, true, false])
        #expect(try run("Xor", [a, b]).bools == [false, true, true, false])
        #expect(try run("Not", [a]).bools == [false, false, true, true])
        #expect(failure("And", [floats([1], [1]), bools([1], [true])])?.code == .inputMismatch)
        #expect(failure("Not", [floats([1], [1])])?.code == .inputMismatch)
    }

    @Test func whereChoosesElementwiseUnderBroadcasting() throws {
        let condition = bools([2, 1], [true, false])
        let y = try run("Where", [condition, floats([1, 3], [1, 2, 3]), floats([], [0])])
        #expect(y.shape == [2, 3])
        #expect(y.floats == [1, 2, 3, 0, 0, 0])
        let labels = try run("Where", [bools([2], [false, true]), strings([2], ["a", "b"]), strings([2], ["x", "y"])])
        #expect(labels.strings == ["x", "b"])
    }

    @Test func whereWantsABoolConditionAndOneTypeForXAndY() {
        #expect(failure("Where", [floats([1], [1]), floats([1], [1]), floats([1], [2])])?.code == .inputMismatch)
        let error = failure("Where", [bools([1], [true]), floats([1], [1]), doubles([1], [2])])
        #expect(error?.message.contains("double") == true)
    }
}
