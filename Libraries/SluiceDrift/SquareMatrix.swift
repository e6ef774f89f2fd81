import Foundation

/// A small dense square matrix (row-major), for the Durbin matrix power.
struct SquareMatrix {
    let size: Int
    private(set) var elements: [Double]

    init(size: Int) {
        self.size = size
        elements = [Double](repeating: 0, count: size * size)
    }

    static func identity(_ size: Int) -> SquareMatrix {
        var matrix = SquareMatrix(size: size)
        for i in 0..<size { matrix[i, i] = 1 }
        return matrix
    }

    subscript(row: Int, column: Int) -> Double {
        get { elements[row * size + column] }
        set { elements[row * size + column] = newValue }
    }

    static func * (a: SquareMatrix, b: SquareMatrix) -> SquareMatrix {
        let n = a.size
        var c = SquareMatrix(size: n)
        a.elements.withUnsafeBufferPointer { a in
            b.elements.withUnsafeBufferPointer { b in
                c.elements.withUnsafeMutableBufferPointer { c in
                    for i in 0..<n {
                        for k in 0..<n {
                            let aik = a[i * n + k]
                            if aik == 0 { continue }
                            for j in 0..<n { c[i * n + j] += aik * b[k * n + j] }
                        }
                    }
                }
            }
        }
        return c
    }

    /// selfⁿ as (matrix, e) with selfⁿ = matrix · 2ᵉ: squares are divided by 2¹²⁸
    /// whenever their largest element passes 2¹²⁸, which keeps high powers finite.
    func scaledPower(_ n: Int) -> (SquareMatrix, Int) {
        var result = SquareMatrix.identity(size)
        var resultExponent = 0
        var base = self
        var baseExponent = 0
        var remaining = n
        while remaining > 0 {
            if remaining % 2 == 1 {
                result = result * base
                resultExponent += baseExponent
                result.rescale(&resultExponent)
            }
            remaining /= 2
            guard remaining > 0 else { break }
            base = base * base
            baseExponent *= 2
            base.rescale(&baseExponent)
        }
        return (result, resultExponent)
    }

    /// Divides by 2¹²⁸ (exactly) while the largest element is above 2¹²⁸.
    private mutating func rescale(_ exponent: inout Int) {
        while let largest = elements.lazy.map(abs).max(), largest > 0x1p128 {
            elements = elements.map { $0 * 0x1p-128 }
            exponent += 128
        }
    }
}
