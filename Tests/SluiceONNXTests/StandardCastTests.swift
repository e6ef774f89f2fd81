@testable import SluiceONNX
import Testing

@Suite struct StandardCastTests: StandardOperatorTesting {
    func cast(_ x: Tensor, to type: ElementType, opset: Int = 21) throws -> Tensor {
        try run("Cast", opset: opset, ["to": .int(Int64(type.rawValue))], [x])
    }

    @Test func numbersConvertBetweenFloatDoubleAndInt64() throws {
        #expect(try cast(floats([2], [1.5, -2]), to: .double).doubles == [1.5, -2])
        #expect(try cast(doubles([1], [0.1]), to: .float).floats == [Float(0.1)])
        #expect(try cast(int64s([2], [3, -4]), to: .float).floats == [3, -4])
        #expect(try cast(bools([2], [true, false]), to: .float).floats == [1, 0])
    }

    @Test func floatsTruncateTowardZeroAndNaNBecomesTheMinimum() throws {
        #expect(try cast(floats([4], [3.7, -3.7, .nan, 1e20]), to: .int64).int64s == [3, -3, Int64.min, Int64.min])
        #expect(try cast(floats([3], [3.7, .nan, 300.5]), to: .int32).int64s == [3, Int64(Int32.min), 300])
    }

    @Test func narrowIntegerTargetsWrapAsCDoes() throws {
        #expect(try cast(floats([3], [300.5, -129, .nan]), to: .int8).int64s == [44, 127, 0])
        #expect(try cast(int64s([2], [300, -1]), to: .uint8).int64s == [44, 255])
        #expect(try cast(int64s([1], [70000]), to: .int16).int64s == [4464])
    }

    @Test func numbersToBoolAreNonZero() throws {
        #expect(try cast(floats([3], [0, -0.0, 2]), to: .bool).bools == [false, false, true])
        #expect(try cast(int64s([2], [0, -5]), to: .bool).bools == [false, true])
    }

    @Test func numbersPrintWithEightSignificantDigitsAsOnnxruntimeDoes() throws {
        let y = try cast(floats([7], [1, 0.1, 1e20, 1.0 / 3, .nan, .infinity, -.infinity]), to: .string)
        #expect(y.strings == ["1", "0.1", "1e+20", "0.33333334", "NaN", "INF", "-INF"])
        #expect(try cast(doubles([2], [1.0 / 3, 123456789]), to: .string).strings == ["0.33333333", "1.2345679e+08"])
        #expect(try cast(int64s([2], [5, -1]), to: .string).strings == ["5", "-1"])
        #expect(try cast(bools([2], [true, false]), to: .string).strings == ["1", "0"])
    }

    @Test func stringsParseAsNumbers() throws {
        #expect(try cast(strings([5], ["1.5", " 2", "1e3", "-inf", "3abc"]), to: .float).floats == [1.5, 2, 1000, -.infinity, 3])
        #expect(try cast(strings([1], ["nan"]), to: .double).doubles?.first?.isNaN == true)
        #expect(try cast(strings([2], ["12", "-3"]), to: .int64).int64s == [12, -3])
        #expect(try cast(strings([2], ["0", "-2"]), to: .bool).bools == [false, true])
    }

    @Test func stringsWithoutANumberAreErrors() {
        let error = failure("Cast", ["to": .int(1)], [strings([2], ["1", "abc"])])
        #expect(error?.code == .inputMismatch)
        #expect(error?.message.contains("abc") == true)
        #expect(failure("Cast", ["to": .int(7)], [strings([1], [""])])?.code == .inputMismatch)
        #expect(failure("Cast", ["to": .int(7)], [strings([1], ["99999999999999999999"])])?.code == .inputMismatch)
    }

    @Test func beforeOpset6TheTargetIsATypeName() throws {
        #expect(try run("Cast", opset: 5, ["to": .string("FLOAT")], [int64s([1], [2])]).floats == [2])
        #expect(try run("Cast", opset: 5, ["to": .string("int32")], [floats([1], [2.5])]).int64s == [2])
    }

    @Test func unsupportedOrMissingTargetsAreRefusedWhenTheModelLoads() {
        #expect(throws: ONNXError.self) { try kernel("Cast", inputs: 1, ["to": .int(10)]) }
        #expect(throws: ONNXError.self) { try kernel("Cast", inputs: 1, ["to": .int(99)]) }
        #expect(throws: ONNXError.self) { try kernel("Cast", inputs: 1) }
    }
}

@Suite struct StandardConstantTests: StandardOperatorTesting {
    @Test func constantGivesItsValueTensor() throws {
        let value = int64s([2], [4, 5])
        #expect(try run("Constant", ["value": .tensor(value)], []) == value)
    }

    @Test func fromOpset12ConstantTakesTypedValueAttributes() throws {
        #expect(try run("Constant", ["value_floats": .floats([1, 2])], []) == floats([2], [1, 2]))
        #expect(try run("Constant", ["value_int": .int(3)], []) == int64s([], [3]))
        #expect(try run("Constant", ["value_string": .string("a")], []) == strings([], ["a"]))
        #expect(throws: ONNXError.self) { try kernel("Constant", inputs: 0) }
        #expect(throws: ONNXError.self) { try kernel("Constant", inputs: 0, ["value_int": .int(1), "value_float": .float(1)]) }
    }

    @Test func constantOfShapeFillsWithFloatZeroByDefault() throws {
        #expect(try run("ConstantOfShape", [vector([2, 2])]) == floats([2, 2], [0, 0, 0, 0]))
        #expect(try run("ConstantOfShape", ["value": .tensor(int64s([1], [7]))], [vector([3])]) == int64s([3], [7, 7, 7]))
        #expect(try run("ConstantOfShape", [vector([])]) == floats([], [0]))
    }

    @Test func constantOfShapeRefusesNegativeOrHugeShapes() {
        #expect(failure("ConstantOfShape", [vector([-1])])?.code == .inputMismatch)
        #expect(failure("ConstantOfShape", [vector([1 << 40, 1 << 40])])?.code == .inputMismatch)
        #expect(failure("ConstantOfShape", ["value": .tensor(floats([2], [1, 2]))], [vector([1])])?.code == .invalidAttribute)
    }
}
