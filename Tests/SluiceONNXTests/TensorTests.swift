import SluiceONNX
import Testing

@Suite struct TensorTests {
    @Test func elementCountIsTheProductOfTheShape() {
        #expect(Tensor.elementCount([]) == 1)
        #expect(Tensor.elementCount([3, 0, 7]) == 0)
        #expect(Tensor.elementCount([2, 3, 4]) == 24)
    }

    @Test func elementCountRefusesNegativeAndOverflowingShapes() {
        #expect(Tensor.elementCount([2, -1]) == nil)
        #expect(Tensor.elementCount([Int.max, 2]) == nil)
    }

    @Test func numericViewsConvertEveryStorageButStrings() {
        #expect(Tensor(shape: [2], int64s: [1, -2]).asFloats() == [1, -2])
        #expect(Tensor(shape: [2], bools: [true, false]).asDoubles() == [1, 0])
        #expect(Tensor(shape: [2], floats: [1.9, -1.9]).asInt64s() == [1, -1])
        #expect(Tensor(shape: [1], floats: [.nan]).asInt64s() == nil)
        #expect(Tensor(shape: [1], strings: ["a"]).asFloats() == nil)
    }
}
