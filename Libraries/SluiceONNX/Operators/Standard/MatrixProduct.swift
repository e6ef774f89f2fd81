/// The inner loops of Gemm and MatMul, the MLP hot path. Over raw pointers (buffer
/// subscripts keep a bounds check that stops vectorisation), with no allocation. With B
/// as stored, i-k-j order, so the inner loop streams one row of B into one row of the
/// output and vectorises; with B transposed, each output is a dot product of two
/// contiguous rows, with four running sums so that the additions pipeline. Callers
/// check every size against the buffers before calling.
extension StandardOperators {
    struct MatrixLayout {
        var rows: Int
        var inner: Int
        var columns: Int
        var transposeA = false
        var transposeB = false
    }

    /// Adds A·B into `out` (which the caller zeroes), A and B read from their offsets.
    @inline(__always) static func multiplyAdd<T: Real>(
        _ a: UnsafeBufferPointer<T>, _ aOffset: Int, _ b: UnsafeBufferPointer<T>, _ bOffset: Int,
        into out: UnsafeMutableBufferPointer<T>, _ outOffset: Int, _ layout: MatrixLayout
    ) {
        let m = layout.rows, k = layout.inner, n = layout.columns
        guard m > 0, n > 0, k > 0, let aBase = a.baseAddress, let bBase = b.baseAddress, let outBase = out.baseAddress else { return }
        let pa = aBase + aOffset, pb = bBase + bOffset
        for i in 0..<m {
            let row = outBase + outOffset + i * n
            if layout.transposeB {
                for j in 0..<n {
                    let bRow = pb + j * k
                    if layout.transposeA {
                        var sum: T = 0
                        for p in 0..<k { sum += pa[p * m + i] * bRow[p] }
                        row[j] += sum
                    } else {
                        row[j] += dot(pa + i * k, bRow, k)
                    }
                }
            } else {
                for p in 0..<k {
                    let factor = layout.transposeA ? pa[p * m + i] : pa[i * k + p]
                    let bRow = pb + p * n
                    for j in 0..<n { row[j] += factor * bRow[j] }
                }
            }
        }
    }

    @inline(__always) static func dot<T: Real>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ count: Int) -> T {
        var s0: T = 0, s1: T = 0, s2: T = 0, s3: T = 0
        var p = 0
        while p + 4 <= count {
            s0 += a[p] * b[p]
            s1 += a[p + 1] * b[p + 1]
            s2 += a[p + 2] * b[p + 2]
            s3 += a[p + 3] * b[p + 3]
            p += 4
        }
        while p < count {
            s0 += a[p] * b[p]
            p += 1
        }
        return (s0 + s1) + (s2 + s3)
    }
}
