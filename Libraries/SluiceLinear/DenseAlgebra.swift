import Foundation

// Small dense linear algebra (d x d with d about the number of features): Householder
// reflections, Cholesky, triangular solves. All matrices here are column-major arrays.

/// Folds the `b` x `m` column-major block `block` (leading dimension `b`, overwritten) into
/// the m x m upper-triangular factor `r` (column-major, leading dimension m) with Householder
/// reflections, so that afterwards RᵀR = old RᵀR + blockᵀ block. Starting from R = 0 and
/// folding in every block of rows of A gives the R of a QR factorisation of A (tall-and-skinny
/// QR): the orthogonal factor is never formed, and each block is worked on while in cache.
///
/// Each reflection annihilates one column of the block against the diagonal of R. Only row k
/// of R and the block change when column k is reduced, so R stays upper triangular.
func foldIntoR(_ r: MutablePointer, _ m: Int, block: MutablePointer, rows b: Int) {
    for k in 0..<m {
        let x = block + k &* b
        let alpha = r[k &* m &+ k]
        // The columns arrive shifted and scaled (ColumnLayout), so the sum of squares of a
        // block does not overflow in practice; if it does, the caller sees a non-finite R
        // and redoes the factorisation with scales from all the rows.
        let sigma = dot(x, x, b)
        if sigma == 0 { continue } // nothing to annihilate
        let norm = (alpha * alpha + sigma).squareRoot()
        let beta = alpha >= 0 ? -norm : norm
        let tau = (beta - alpha) / beta
        scale(1 / (alpha - beta), x, b) // x now holds the tail of v (v = [1; x])
        r[k &* m &+ k] = beta
        // The remaining columns of the block, four at a time.
        var j = k &+ 1
        while j &+ 4 <= m {
            let c0 = block + j &* b, c1 = c0 + b, c2 = c1 + b, c3 = c2 + b
            var s = dot4(x, c0, c1, c2, c3, b)
            s += SIMD4<Double>(r[j &* m &+ k], r[(j &+ 1) &* m &+ k], r[(j &+ 2) &* m &+ k], r[(j &+ 3) &* m &+ k])
            s *= tau
            r[j &* m &+ k] -= s[0]
            r[(j &+ 1) &* m &+ k] -= s[1]
            r[(j &+ 2) &* m &+ k] -= s[2]
            r[(j &+ 3) &* m &+ k] -= s[3]
            axpy4(-s, x, c0, c1, c2, c3, b)
            j &+= 4
        }
        while j < m {
            let c = block + j &* b
            var s = r[j &* m &+ k] + dot(x, c, b)
            s *= tau
            r[j &* m &+ k] -= s
            axpy(-s, x, c, b)
            j &+= 1
        }
    }
}

/// c_i += t_i x for four columns at once, sharing the loads of x.
@inline(__always) func axpy4(_ t: SIMD4<Double>, _ x: Pointer, _ c0: MutablePointer, _ c1: MutablePointer,
                             _ c2: MutablePointer, _ c3: MutablePointer, _ n: Int) {
    let t0 = SIMD4<Double>(repeating: t[0]), t1 = SIMD4<Double>(repeating: t[1])
    let t2 = SIMD4<Double>(repeating: t[2]), t3 = SIMD4<Double>(repeating: t[3])
    var i = 0
    while i &+ 4 <= n {
        let v = load4(x + i)
        store4(load4(c0 + i) + t0 * v, c0 + i)
        store4(load4(c1 + i) + t1 * v, c1 + i)
        store4(load4(c2 + i) + t2 * v, c2 + i)
        store4(load4(c3 + i) + t3 * v, c3 + i)
        i &+= 4
    }
    while i < n {
        let v = x[i]
        c0[i] += t[0] * v
        c1[i] += t[1] * v
        c2[i] += t[2] * v
        c3[i] += t[3] * v
        i &+= 1
    }
}

/// Folds the upper-triangular `other` (m x m) into `r`: the R of the rows of both.
func mergeR(_ r: inout [Double], _ other: [Double], _ m: Int) {
    var block = other // m rows x m columns, column-major: already the layout foldIntoR wants
    r.withUnsafeMutableBufferPointer { rp in
        block.withUnsafeMutableBufferPointer { bp in
            foldIntoR(rp.baseAddress!, m, block: bp.baseAddress!, rows: m)
        }
    }
}

/// Solves R x = z for the leading `d` x `d` block of the upper-triangular column-major `r`
/// with leading dimension `ld`.
func solveUpper(_ r: [Double], ld: Int, _ z: [Double]) -> [Double] {
    let d = z.count
    var x = z
    for i in stride(from: d - 1, through: 0, by: -1) {
        var s = x[i]
        for j in (i + 1)..<d { s -= r[j * ld + i] * x[j] }
        x[i] = s / r[i * ld + i]
    }
    return x
}

/// The Cholesky factor L (lower, column-major, d x d) of the symmetric `a` (only its lower
/// triangle is read), or nil when a pivot is not positive relative to its diagonal entry
/// (the matrix is not numerically positive definite).
func cholesky(_ a: [Double], _ d: Int, relativePivotFloor: Double = 1e-13) -> [Double]? {
    var l = [Double](repeating: 0, count: d * d)
    for j in 0..<d {
        var diag = a[j * d + j]
        for k in 0..<j { diag -= l[k * d + j] * l[k * d + j] }
        guard diag.isFinite, diag > relativePivotFloor * abs(a[j * d + j]), diag > 0 else { return nil }
        let ljj = diag.squareRoot()
        l[j * d + j] = ljj
        for i in (j + 1)..<d {
            var s = a[j * d + i]
            for k in 0..<j { s -= l[k * d + i] * l[k * d + j] }
            l[j * d + i] = s / ljj
        }
    }
    return l
}

/// Solves L Lᵀ x = b with the factor from `cholesky`.
func choleskySolve(_ l: [Double], _ d: Int, _ b: [Double]) -> [Double] {
    var y = b
    for i in 0..<d {
        var s = y[i]
        for k in 0..<i { s -= l[k * d + i] * y[k] }
        y[i] = s / l[i * d + i]
    }
    for i in stride(from: d - 1, through: 0, by: -1) {
        var s = y[i]
        for k in (i + 1)..<d { s -= l[i * d + k] * y[k] }
        y[i] = s / l[i * d + i]
    }
    return y
}

/// Least squares min ‖A c - b‖ for a small dense A (rows x cols, column-major, rows >= cols,
/// full column rank) by Householder QR. Used to describe collinear features.
func smallLeastSquares(_ a: [Double], rows: Int, cols: Int, _ b: [Double]) -> [Double] {
    let m = cols + 1
    var r = [Double](repeating: 0, count: m * m)
    var block = a + b
    r.withUnsafeMutableBufferPointer { rp in
        block.withUnsafeMutableBufferPointer { bp in
            foldIntoR(rp.baseAddress!, m, block: bp.baseAddress!, rows: rows)
        }
    }
    let z = (0..<cols).map { r[cols * m + $0] }
    return solveUpper(r, ld: m, z)
}
