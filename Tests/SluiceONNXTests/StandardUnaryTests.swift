@testable import SluiceONNX
import Testing

@Suite struct StandardUnaryTests: StandardOperatorTesting {
    let x: [Float] = [-2, -0.5, 0, 1, 3]

    @Test func activationsComputeInFloatForFloatTensors() throws {
        let input = floats([5], x)
        #expect(close(try run("Sigmoid", [input]).floats, [0.11920292202211755, 0.3775406687981454, 0.5, 0.7310585786300049, 0.9525741268224334]))
        #expect(close(try run("Tanh", [input]).floats, [-0.9640275800758169, -0.46211715726000974, 0, 0.7615941559557649, 0.9950547536867305]))
        #expect(close(try run("Erf", [input]).floats, [-0.9953222650189527, -0.5204998778130465, 0, 0.8427007929497149, 0.9999779095030014]))
        #expect(try run("Relu", [input]).floats == [0, 0, 0, 1, 3])
        #expect(try run("LeakyRelu", ["alpha": .float(0.1)], [input]).floats == [-0.2, -0.05, 0, 1, 3])
        #expect(try run("LeakyRelu", [input]).floats == [-0.02, -0.005, 0, 1, 3])
    }

    @Test func mathFunctionsKeepTheStorageType() throws {
        #expect(close(try run("Exp", [floats([5], x)]).floats, [0.1353352832366127, 0.6065306597126334, 1, 2.718281828459045, 20.085536923187668]))
        #expect(close(try run("Log", [doubles([4], [0.5, 1, 2, 10])]).doubles, [-0.6931471805599453, 0, 0.6931471805599453, 2.302585092994046]))
        #expect(try run("Sqrt", [doubles([2], [4, 2])]).doubles == [2, 2.0.squareRoot()])
        #expect(try run("Abs", [floats([2], [-1.5, 2])]).floats == [1.5, 2])
        #expect(try run("Neg", [floats([2], [-1.5, 2])]).floats == [1.5, -2])
        #expect(try run("Floor", [floats([2], [-1.5, 2.5])]).floats == [-2, 2])
        #expect(try run("Ceil", [floats([2], [-1.5, 2.5])]).floats == [-1, 3])
        #expect(try run("Round", [floats([3], [0.5, 1.5, -2.5])]).floats == [0, 2, -2])
        #expect(try run("Reciprocal", [floats([2], [4, -0.5])]).floats == [0.25, -2])
    }

    @Test func absNegReluAndSignTakeIntegers() throws {
        let v = int64s([3], [-3, 0, 4])
        #expect(try run("Abs", [v]).int64s == [3, 0, 4])
        #expect(try run("Neg", [v]).int64s == [3, 0, -4])
        #expect(try run("Relu", [v]).int64s == [0, 0, 4])
        #expect(try run("Sign", [v]).int64s == [-1, 0, 1])
    }

    @Test func floatingFunctionsRefuseOtherTypes() {
        #expect(failure("Exp", [int64s([1], [1])])?.code == .inputMismatch)
        #expect(failure("Sigmoid", [strings([1], ["1"])])?.code == .inputMismatch)
    }
}

@Suite struct StandardClipTests: StandardOperatorTesting {
    let input = [Float](arrayLiteral: -5, -1, 0, 2, 7)

    @Test func beforeOpset11BoundsAreAttributes() throws {
        let y = try run("Clip", opset: 6, ["min": .float(-1), "max": .float(2)], [floats([5], input)])
        #expect(y.floats == [-1, -1, 0, 2, 2])
        #expect(try run("Clip", opset: 6, ["max": .float(0)], [floats([5], input)]).floats == [-5, -1, 0, 0, 0])
    }

    @Test func fromOpset11BoundsAreOptionalInputs() throws {
        #expect(try run("Clip", opset: 11, [floats([5], input), floats([], [-1]), floats([], [2])]).floats == [-1, -1, 0, 2, 2])
        #expect(try run("Clip", opset: 13, [floats([5], input), nil, floats([], [1])]).floats == [-5, -1, 0, 1, 1])
        #expect(try run("Clip", opset: 13, [floats([5], input)]).floats == input)
        #expect(try run("Clip", opset: 13, [int64s([3], [-9, 3, 9]), int64s([], [0]), int64s([], [5])]).int64s == [0, 3, 5])
    }

    @Test func attributesAreIgnoredFromOpset11() throws {
        #expect(try run("Clip", opset: 12, ["min": .float(0)], [floats([5], input)]).floats == input)
    }

    @Test func minAboveMaxGivesMaxEverywhere() throws {
        #expect(try run("Clip", opset: 13, [floats([3], [-1, 0, 9]), floats([], [3]), floats([], [1])]).floats == [1, 1, 1])
    }

    @Test func boundsMustBeScalarsOfTheInputsType() {
        #expect(failure("Clip", [floats([2], [1, 2]), floats([2], [0, 0])])?.code == .inputMismatch)
        #expect(failure("Clip", [floats([2], [1, 2]), doubles([], [0])])?.code == .inputMismatch)
    }
}

@Suite struct StandardSoftmaxTests: StandardOperatorTesting {
    let cube = (0..<8).map { Float($0) }

    @Test func softmaxNormalisesEachRow() throws {
        let y = try run("Softmax", [floats([2, 3], [1, 2, 3, 1, 1, 1])])
        #expect(close(y.floats, [0.09003057317038046, 0.24472847105479767, 0.6652409557748219, 1.0 / 3, 1.0 / 3, 1.0 / 3]))
    }

    @Test func beforeOpset13TheInputIsCoercedTo2DAtAxis1() throws {
        // [2, 2, 2] is read as [2, 4]: each run of four is one distribution.
        let y = try run("Softmax", opset: 11, [floats([2, 2, 2], cube)])
        let row = [0.03205860328008499, 0.08714431874203257, 0.23688281808991013, 0.6439142598879722]
        #expect(y.shape == [2, 2, 2])
        #expect(close(y.floats, row + row))
    }

    @Test func fromOpset13SoftmaxRunsAlongOneAxisDefaultingToTheLast() throws {
        let last = try run("Softmax", opset: 13, [floats([2, 2, 2], cube)])
        let pair = [0.2689414213699951, 0.7310585786300049]
        #expect(close(last.floats, pair + pair + pair + pair))
        let middle = try run("Softmax", opset: 13, ["axis": .int(1)], [floats([2, 2, 2], cube)])
        let (low, high) = (0.11920292202211755, 0.8807970779778823)
        #expect(close(middle.floats, [low, low, high, high, low, low, high, high]))
    }

    @Test func logSoftmaxIsTheLogarithmOfSoftmax() throws {
        let y = try run("LogSoftmax", [doubles([2, 3], [1, 2, 3, 1, 1, 1])])
        let third = -1.0986122886681098
        #expect(close(y.doubles, [-2.4076059644443806, -1.4076059644443801, -0.4076059644443803, third, third, third], relative: 1e-12))
    }

    @Test func largeInputsDoNotOverflow() throws {
        #expect(close(try run("Softmax", [floats([2], [1000, 1000])]).floats, [0.5, 0.5]))
    }

    @Test func anAxisOutsideTheRankIsAnError() {
        #expect(failure("Softmax", ["axis": .int(2)], [floats([2, 2], [1, 2, 3, 4])])?.code == .inputMismatch)
        #expect(failure("Softmax", [int64s([2], [1, 2])])?.code == .inputMismatch)
    }
}
