@testable import SluiceONNX
import Testing

@Suite struct StandardGemmTests: StandardOperatorTesting {
    // A = [[1, 2, 3], [4, 5, 6]], B = [[1, 0], [0, 1], [1, 1]]: A·B = [[4, 5], [10, 11]].
    let a = [Float](arrayLiteral: 1, 2, 3, 4, 5, 6)
    let b = [Float](arrayLiteral: 1, 0, 0, 1, 1, 1)

    @Test func multipliesAndAddsABroadcastRowOfC() throws {
        let y = try run("Gemm", [floats([2, 3], a), floats([3, 2], b), floats([2], [100, 200])])
        #expect(y.shape == [2, 2])
        #expect(y.floats == [104, 205, 110, 211])
    }

    @Test func transposesEitherInput() throws {
        // Aᵀ stored as [3, 2], Bᵀ stored as [2, 3].
        let aT = floats([3, 2], [1, 4, 2, 5, 3, 6]), bT = floats([2, 3], [1, 0, 1, 0, 1, 1])
        let attributes: [String: Attribute] = ["transA": .int(1), "transB": .int(1)]
        #expect(try run("Gemm", attributes, [aT, bT, floats([], [0])]).floats == [4, 5, 10, 11])
        #expect(try run("Gemm", ["transB": .int(1)], [floats([2, 3], a), bT, floats([], [0])]).floats == [4, 5, 10, 11])
        #expect(try run("Gemm", ["transA": .int(1)], [aT, floats([3, 2], b), floats([], [0])]).floats == [4, 5, 10, 11])
    }

    @Test func scalesByAlphaAndBeta() throws {
        let y = try run("Gemm", ["alpha": .float(2), "beta": .float(0.5)], [floats([2, 3], a), floats([3, 2], b), floats([2, 1], [10, 20])])
        #expect(y.floats == [13, 15, 30, 32])
    }

    @Test func cIsOptionalFromOpset11() throws {
        #expect(try run("Gemm", opset: 11, [floats([2, 3], a), floats([3, 2], b)]).floats == [4, 5, 10, 11])
        #expect(try run("Gemm", opset: 13, [floats([2, 3], a), floats([3, 2], b), nil]).floats == [4, 5, 10, 11])
    }

    @Test func doublesStayDouble() throws {
        let y = try run("Gemm", [doubles([1, 2], [0.1, 0.2]), doubles([2, 1], [0.3, 0.4]), doubles([1, 1], [1])])
        #expect(y.doubles == [0.1 * 0.3 + 0.2 * 0.4 + 1])
    }

    @Test func longInnerDimensionsMatchTheNaiveSum() throws {
        // Exercises the four-way dot product of transB, including its remainder.
        let k = 11
        let x = (0..<k).map { Float($0) * 0.5 }, w = (0..<(2 * k)).map { Float($0 % 7) - 3 }
        let y = try run("Gemm", ["transB": .int(1)], [floats([1, k], x), floats([2, k], w)])
        let expected = (0..<2).map { j in (0..<k).reduce(0.0) { $0 + Double(x[$1]) * Double(w[j * k + $1]) } }
        #expect(close(y.floats, expected))
    }

    @Test func badShapesAndTypesAreErrors() {
        #expect(failure("Gemm", [floats([2, 3], a), floats([2, 3], a)])?.message.contains("inner dimensions") == true)
        #expect(failure("Gemm", [floats([6], a), floats([3, 2], b)])?.code == .inputMismatch)
        #expect(failure("Gemm", [floats([2, 3], a), floats([3, 2], b), floats([3], [1, 2, 3])])?.code == .inputMismatch)
        #expect(failure("Gemm", [floats([2, 3], a), doubles([3, 2], b.map(Double.init))])?.code == .inputMismatch)
    }
}

@Suite struct StandardMatMulTests: StandardOperatorTesting {
    @Test func multipliesMatrices() throws {
        let y = try run("MatMul", [floats([2, 3], [1, 2, 3, 4, 5, 6]), floats([3, 2], [1, 0, 0, 1, 1, 1])])
        #expect(y.shape == [2, 2])
        #expect(y.floats == [4, 5, 10, 11])
    }

    @Test func oneDimensionalOperandsArePromotedAndTheirDimensionDropped() throws {
        let m = floats([2, 2], [1, 2, 3, 4])
        let left = try run("MatMul", [floats([2], [1, 1]), m])
        #expect(left.shape == [2])
        #expect(left.floats == [4, 6])
        let right = try run("MatMul", [m, floats([2], [1, 1])])
        #expect(right.shape == [2])
        #expect(right.floats == [3, 7])
        let inner = try run("MatMul", [floats([3], [1, 2, 3]), floats([3], [4, 5, 6])])
        #expect(inner.shape == [])
        #expect(inner.floats == [32])
    }

    @Test func batchDimensionsBroadcast() throws {
        // Two [2, 2] matrices times one shared [2, 1] column.
        let batch = floats([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8])
        let y = try run("MatMul", [batch, floats([2, 1], [1, -1])])
        #expect(y.shape == [2, 2, 1])
        #expect(y.floats == [-1, -1, -1, -1])
        let both = try run("MatMul", [floats([2, 1, 1, 2], [1, 2, 3, 4]), floats([3, 2, 1], [1, 0, 0, 1, 1, 1])])
        #expect(both.shape == [2, 3, 1, 1])
        #expect(both.floats == [1, 2, 3, 3, 4, 7])
    }

    @Test func doublesStayDouble() throws {
        #expect(try run("MatMul", [doubles([1, 2], [0.1, 0.2]), doubles([2, 1], [0.3, 0.4])]).doubles == [0.1 * 0.3 + 0.2 * 0.4])
    }

    @Test func mismatchedShapesAndTypesAreErrors() {
        #expect(failure("MatMul", [floats([2, 3], [1, 2, 3, 4, 5, 6]), floats([2, 3], [1, 2, 3, 4, 5, 6])])?.code == .inputMismatch)
        #expect(failure("MatMul", [floats([], [1]), floats([1], [1])])?.code == .inputMismatch)
        #expect(failure("MatMul", [floats([2, 1, 2], [1, 2, 3, 4]), floats([3, 2, 1], [1, 0, 0, 1, 1, 1])])?.code == .inputMismatch)
        #expect(failure("MatMul", [floats([1, 1], [1]), doubles([1, 1], [1])])?.code == .inputMismatch)
    }
}
