import Foundation

/// scikit-learn's L2-regularised logistic objective, scaled as in scikit-learn ≥ 1.2:
///
///     f(θ) = (1/n) Σᵢ ℓᵢ(θ) + (1 / (2·C·n)) ‖W‖²
///
/// (the same minimiser as Σ ℓᵢ + ‖W‖²/(2C); intercepts are not penalised). Binary problems
/// use one coefficient block and the binomial log-loss ℓ = log(1 + e^z) − y·z with y ∈ {0, 1}
/// and the second sorted class as the positive one; multiclass problems use one block per
/// class and the softmax cross-entropy ℓ = log Σₖ e^{zₖ} − z_y.
///
/// θ is laid out block after block: block k holds the p coefficients of class k, then its
/// intercept when there is one.
struct LogisticObjective: @unchecked Sendable {
    let x: Pointer // column-major n x p, borrowed for the duration of the fit
    let n: Int
    let p: Int
    /// For binary problems 0/1 as Double; for multiclass the class index.
    let binaryTargets: [Double]
    let classIndex: [Int32]
    let classCount: Int
    let fitIntercept: Bool
    let l2: Double // 1 / (C n)

    var blocks: Int { classCount == 2 ? 1 : classCount }
    var blockSize: Int { p + (fitIntercept ? 1 : 0) }
    var dimension: Int { blocks * blockSize }

    struct Evaluation {
        var value: Double
        var gradient: [Double]
    }

    /// The objective and, when `gradient` is true, its gradient, in one pass over the rows.
    func evaluate(_ theta: [Double], gradient: Bool) -> Evaluation {
        let d = dimension, kb = blocks, bs = blockSize, p = p, n = n
        let parts = mapParts(rows: n) { range -> [Double] in
            // [loss, gradient...]
            var acc = [Double](repeating: 0, count: 1 + (gradient ? d : 0))
            var z = [Double](repeating: 0, count: RowBlocks.blockRows * kb)
            var e = [Double](repeating: 0, count: RowBlocks.blockRows * kb)
            acc.withUnsafeMutableBufferPointer { accp in
                z.withUnsafeMutableBufferPointer { zp in
                    e.withUnsafeMutableBufferPointer { ep in
                        let zb = zp.baseAddress!, eb = ep.baseAddress!, g = accp.baseAddress! + 1
                        RowBlocks.forEachBlock(range) { rows in
                            let b = rows.count
                            linearPredictors(theta, rows: rows, into: zb, stride: b)
                            accp[0] += residuals(zb, eb, rows: rows, stride: b, probabilitiesInZ: false)
                            if gradient {
                                for k in 0..<kb {
                                    let ek = eb + k * b
                                    addColumnDots(ek, rows: rows, into: g + k * bs)
                                    if fitIntercept { g[k * bs + p] += sum(ek, b) }
                                }
                            }
                        }
                    }
                }
            }
            return acc
        }
        let total = sumInOrder(parts)
        let invN = 1 / Double(n)
        var penalty = 0.0
        for k in 0..<kb {
            for j in 0..<p { penalty += theta[k * bs + j] * theta[k * bs + j] }
        }
        let value = total[0] * invN + 0.5 * l2 * penalty
        var g: [Double] = []
        if gradient {
            g = Array(total[1...])
            for i in 0..<d { g[i] *= invN }
            for k in 0..<kb {
                for j in 0..<p { g[k * bs + j] += l2 * theta[k * bs + j] }
            }
        }
        return Evaluation(value: value, gradient: g)
    }

    /// The Hessian (dimension x dimension, column-major, symmetric), in one pass.
    func hessian(_ theta: [Double]) -> [Double] {
        let kb = blocks, bs = blockSize, p = p, n = n, B = RowBlocks.blockRows
        let pairs = kb * (kb + 1) / 2
        let parts = mapParts(rows: n) { range -> [Double] in
            // One bs x bs upper-triangular accumulator per class pair (k <= l).
            var acc = [Double](repeating: 0, count: pairs * bs * bs)
            var z = [Double](repeating: 0, count: B * kb)
            var e = [Double](repeating: 0, count: B * kb)
            var xt = [Double](repeating: 0, count: B * bs)
            var wx = [Double](repeating: 0, count: B * bs)
            var w = [Double](repeating: 0, count: B)
            acc.withUnsafeMutableBufferPointer { accp in
            z.withUnsafeMutableBufferPointer { zp in
            e.withUnsafeMutableBufferPointer { ep in
            xt.withUnsafeMutableBufferPointer { xtp in
            wx.withUnsafeMutableBufferPointer { wxp in
            w.withUnsafeMutableBufferPointer { wp in
                let zb = zp.baseAddress!, eb = ep.baseAddress!, xb = xtp.baseAddress!, wxb = wxp.baseAddress!, wb = wp.baseAddress!
                RowBlocks.forEachBlock(range) { rows in
                    let b = rows.count
                    linearPredictors(theta, rows: rows, into: zb, stride: b)
                    _ = residuals(zb, eb, rows: rows, stride: b, probabilitiesInZ: true)
                    // [X 1] for these rows.
                    for j in 0..<p {
                        (xb + j * b).update(from: x + j * n + rows.lowerBound, count: b)
                    }
                    if fitIntercept { (xb + p * b).update(repeating: 1, count: b) }
                    var pair = 0
                    for k in 0..<kb {
                        for l in k..<kb {
                            if classCount == 2 {
                                for r in 0..<b { let q = zb[r]; wb[r] = q * (1 - q) }
                            } else if k == l {
                                let pk = zb + k * b
                                for r in 0..<b { wb[r] = pk[r] * (1 - pk[r]) }
                            } else {
                                let pk = zb + k * b, pl = zb + l * b
                                for r in 0..<b { wb[r] = -pk[r] * pl[r] }
                            }
                            for j in 0..<bs {
                                let src = xb + j * b, dst = wxb + j * b
                                for r in 0..<b { dst[r] = src[r] * wb[r] }
                            }
                            addCrossProductUpper(xb, wxb, rows: b, columns: bs, into: accp.baseAddress! + pair * bs * bs)
                            pair += 1
                        }
                    }
                }
            }}}}}}
            return acc
        }
        let total = sumInOrder(parts)
        let d = dimension, invN = 1 / Double(n)
        var h = [Double](repeating: 0, count: d * d)
        var pair = 0
        for k in 0..<kb {
            for l in k..<kb {
                let base = pair * bs * bs
                for j in 0..<bs {
                    for i in 0...j {
                        let v = total[base + j * bs + i] * invN
                        let (r1, c1) = (k * bs + i, l * bs + j)
                        let (r2, c2) = (k * bs + j, l * bs + i)
                        h[c1 * d + r1] = v; h[r1 * d + c1] = v
                        h[c2 * d + r2] = v; h[r2 * d + c2] = v
                    }
                }
                pair += 1
            }
        }
        for k in 0..<kb {
            for j in 0..<p { h[(k * bs + j) * d + k * bs + j] += l2 }
        }
        return h
    }

    /// z[k * stride + r] = intercept_k + Σ_j W_kj x[row, j] for the rows of one block.
    @inline(__always)
    private func linearPredictors(_ theta: [Double], rows: Range<Int>, into z: MutablePointer, stride b: Int) {
        let bs = blockSize
        for k in 0..<blocks {
            let zk = z + k * b
            zk.update(repeating: fitIntercept ? theta[k * bs + p] : 0, count: b)
            for j in 0..<p {
                let w = theta[k * bs + j]
                if w != 0 { axpy(w, x + j * n + rows.lowerBound, zk, b) }
            }
        }
    }

    /// Turns the linear predictors into per-sample losses (returned, summed) and residuals
    /// e = probability − indicator (one column per block). With `probabilitiesInZ`, z is
    /// overwritten with the probabilities (of the positive class, or of each class).
    @inline(__always)
    private func residuals(_ z: MutablePointer, _ e: MutablePointer, rows: Range<Int>, stride b: Int, probabilitiesInZ: Bool) -> Double {
        var loss = 0.0
        if classCount == 2 {
            binaryTargets.withUnsafeBufferPointer { yb in
                let y = yb.baseAddress! + rows.lowerBound
                for r in 0..<b {
                    let v = z[r]
                    let t = exp(-abs(v))
                    loss += max(v, 0) + log1p(t) - y[r] * v
                    let q = v >= 0 ? 1 / (1 + t) : t / (1 + t)
                    e[r] = q - y[r]
                    if probabilitiesInZ { z[r] = q }
                }
            }
        } else {
            let k = classCount
            classIndex.withUnsafeBufferPointer { cb in
                let c = cb.baseAddress! + rows.lowerBound
                for r in 0..<b {
                    var m = -Double.infinity
                    for j in 0..<k { m = max(m, z[j * b + r]) }
                    var s = 0.0
                    for j in 0..<k {
                        let t = exp(z[j * b + r] - m)
                        e[j * b + r] = t
                        s += t
                    }
                    let label = Int(c[r])
                    loss += m + log(s) - z[label * b + r]
                    let inv = 1 / s
                    for j in 0..<k {
                        let q = e[j * b + r] * inv
                        e[j * b + r] = q
                        if probabilitiesInZ { z[j * b + r] = q }
                    }
                    e[label * b + r] -= 1
                }
            }
        }
        return loss
    }

    /// g[j] += Σ_r e[r] x[row r, j] for the p feature columns.
    @inline(__always)
    private func addColumnDots(_ e: Pointer, rows: Range<Int>, into g: MutablePointer) {
        let b = rows.count, base = x + rows.lowerBound
        var j = 0
        while j + 4 <= p {
            let c0 = base + j * n
            let d = dot4(e, c0, c0 + n, c0 + 2 * n, c0 + 3 * n, b)
            g[j] += d[0]; g[j + 1] += d[1]; g[j + 2] += d[2]; g[j + 3] += d[3]
            j += 4
        }
        while j < p { g[j] += dot(e, base + j * n, b); j += 1 }
    }
}
