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

    /// The Hessian is summed over every `hessianStride`-th block of rows only: about
    /// `hessianSampleRows` rows, spread over the whole data (all of them for small data).
    /// Newton's direction from such a subsampled Hessian still leads to the exact optimum
    /// (the gradient is always exact), at a linear rate of the order of the Hessian's
    /// relative sampling error (~1e-2 or less): for large data that costs no more
    /// iterations, and each one costs a fraction of forming the full Hessian.
    static let hessianSampleRows = 131_072
    var hessianStride: Int {
        let blocksTotal = (n + RowBlocks.blockRows - 1) / RowBlocks.blockRows
        return max(1, blocksTotal / (Self.hessianSampleRows / RowBlocks.blockRows))
    }

    var blocks: Int { classCount == 2 ? 1 : classCount }
    var blockSize: Int { p + (fitIntercept ? 1 : 0) }
    var dimension: Int { blocks * blockSize }

    struct Evaluation {
        var value: Double
        var gradient: [Double]
        /// dimension x dimension, column-major, symmetric; empty unless asked for.
        var hessian: [Double]
    }

    /// The objective and, as asked, its gradient and Hessian, in one pass over the rows.
    func evaluate(_ theta: [Double], gradient: Bool, hessian: Bool = false) -> Evaluation {
        let d = dimension, kb = blocks, bs = blockSize, p = p, n = n, B = RowBlocks.blockRows
        let pairs = kb * (kb + 1) / 2
        // acc layout: [loss, Hessian rows, gradient (d)?, Hessian blocks?]
        let gradientOffset = 2, hessianOffset = 2 + (gradient ? d : 0)
        let stride = hessianStride
        let parts = mapParts(rows: n) { range -> [Double] in
            // The Hessian part: one bs x bs upper-triangular block per class pair k <= l.
            var acc = [Double](repeating: 0, count: hessianOffset + (hessian ? pairs * bs * bs : 0))
            var z = [Double](repeating: 0, count: B * kb)
            var e = [Double](repeating: 0, count: B * kb)
            var xt = [Double](repeating: 0, count: hessian ? B * bs : 0)
            var wx = [Double](repeating: 0, count: hessian ? B * bs : 0)
            var w = [Double](repeating: 0, count: hessian ? B : 0)
            acc.withUnsafeMutableBufferPointer { accp in
            z.withUnsafeMutableBufferPointer { zp in
            e.withUnsafeMutableBufferPointer { ep in
            xt.withUnsafeMutableBufferPointer { xtp in
            wx.withUnsafeMutableBufferPointer { wxp in
            w.withUnsafeMutableBufferPointer { wp in
                let zb = zp.baseAddress!, eb = ep.baseAddress!
                let g = accp.baseAddress! + gradientOffset, h = accp.baseAddress! + hessianOffset
                RowBlocks.forEachBlock(range) { rows in
                    let b = rows.count
                    linearPredictors(theta, rows: rows, into: zb, stride: b)
                    accp[0] += residuals(zb, eb, rows: rows, stride: b, probabilitiesInZ: hessian)
                    if gradient {
                        for k in 0..<kb {
                            let ek = eb + k * b
                            addColumnDots(ek, rows: rows, into: g + k * bs)
                            if fitIntercept { g[k * bs + p] += sum(ek, b) }
                        }
                    }
                    if hessian && (rows.lowerBound / B) % stride == 0 {
                        accp[1] += Double(b)
                        addHessianBlock(probabilities: zb, rows: rows, xt: xtp.baseAddress!, wx: wxp.baseAddress!,
                                        weights: wp.baseAddress!, into: h)
                    }
                }
            }}}}}}
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
            g = Array(total[gradientOffset ..< gradientOffset + d])
            for i in 0..<d { g[i] *= invN }
            for k in 0..<kb {
                for j in 0..<p { g[k * bs + j] += l2 * theta[k * bs + j] }
            }
        }
        var h: [Double] = []
        if hessian {
            h = [Double](repeating: 0, count: d * d)
            var pair = 0
            for k in 0..<kb {
                for l in k..<kb {
                    let base = hessianOffset + pair * bs * bs
                    for j in 0..<bs {
                        for i in 0...j {
                            // Block (k, l) is symmetric, and so is the whole matrix.
                            let v = total[base + j * bs + i] / total[1]
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
        }
        return Evaluation(value: value, gradient: g, hessian: h)
    }

    /// Adds Σ_r w_r^{kl} x̃_r x̃_rᵀ for every class pair k <= l (upper triangles), where x̃ is
    /// the row with a trailing 1 for the intercept and w^{kl} = p_k (δ_kl − p_l) (for two
    /// classes, q (1 − q)).
    @inline(__always)
    private func addHessianBlock(probabilities z: Pointer, rows: Range<Int>, xt: MutablePointer, wx: MutablePointer,
                                 weights w: MutablePointer, into h: MutablePointer) {
        let b = rows.count, bs = blockSize, kb = blocks
        for j in 0..<p {
            (xt + j * b).update(from: x + j * n + rows.lowerBound, count: b)
        }
        if fitIntercept { (xt + p * b).update(repeating: 1, count: b) }
        var pair = 0
        for k in 0..<kb {
            for l in k..<kb {
                if classCount == 2 {
                    for r in 0..<b { let q = z[r]; w[r] = q * (1 - q) }
                } else if k == l {
                    let pk = z + k * b
                    for r in 0..<b { w[r] = pk[r] * (1 - pk[r]) }
                } else {
                    let pk = z + k * b, pl = z + l * b
                    for r in 0..<b { w[r] = -pk[r] * pl[r] }
                }
                for j in 0..<bs {
                    let src = xt + j * b, dst = wx + j * b
                    for r in 0..<b { dst[r] = src[r] * w[r] }
                }
                addCrossProductUpper(xt, wx, rows: b, columns: bs, into: h + pair * bs * bs)
                pair += 1
            }
        }
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
            // ℓ = log(1 + e^z) − y z = max(z, 0) + log(1 + t) − y z with t = e^{−|z|} ∈ (0, 1].
            // Σ log(1 + t) is taken as the log of the product of u = 1 + t over the block
            // (at most 2^512: no overflow), plus Σ (t − (u − 1)) / u for the rounding of u: one
            // log per block instead of one log1p per row, to a few ulps.
            binaryTargets.withUnsafeBufferPointer { yb in
                let y = yb.baseAddress! + rows.lowerBound
                var product = 1.0, correction = 0.0
                for r in 0..<b {
                    let v = z[r]
                    let t = exp(-abs(v))
                    let u = 1 + t
                    let inverse = 1 / u
                    product *= u
                    correction += (t - (u - 1)) * inverse
                    loss += max(v, 0) - y[r] * v
                    let q = v >= 0 ? inverse : t * inverse
                    e[r] = q - y[r]
                    if probabilitiesInZ { z[r] = q }
                }
                loss += log(product) + correction
            }
        } else {
            // ℓ = m + log s − z_y with m = max_k z_k and s = Σ_k e^{z_k − m} ∈ [1, K]; the logs
            // of s are taken over groups of rows as the log of their product (no overflow).
            let k = classCount
            let group = k < (1 << 20) ? 48 : 1
            classIndex.withUnsafeBufferPointer { cb in
                let c = cb.baseAddress! + rows.lowerBound
                var product = 1.0
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
                    loss += m - z[label * b + r]
                    product *= s
                    if (r + 1) % group == 0 {
                        loss += log(product)
                        product = 1
                    }
                    let inv = 1 / s
                    for j in 0..<k {
                        let q = e[j * b + r] * inv
                        e[j * b + r] = q
                        if probabilitiesInZ { z[j * b + r] = q }
                    }
                    e[label * b + r] -= 1
                }
                loss += log(product)
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

