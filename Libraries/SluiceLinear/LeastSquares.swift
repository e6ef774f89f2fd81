/// A fitted linear regression (ordinary least squares or ridge): ŷ = intercept + X · coefficients.
public struct LinearRegressionModel: Sendable, Equatable, Codable {
    /// One coefficient per feature column (scikit-learn's `coef_`).
    public var coefficients: [Double]
    /// The intercept (`intercept_`); 0 when fitted without one.
    public var intercept: Double

    public init(coefficients: [Double], intercept: Double) {
        self.coefficients = coefficients
        self.intercept = intercept
    }

    /// Predictions for the rows of `x`, which must have one column per coefficient and only
    /// finite values.
    public func predict(_ x: Matrix) throws(LinearModelError) -> [Double] {
        guard x.columns == coefficients.count else {
            throw .dimensionMismatch("the model has \(coefficients.count) features, X has \(x.columns) columns")
        }
        let n = x.rows
        var out = [Double](repeating: intercept, count: n)
        guard n > 0 else { return out }
        x.withUnsafeValues { xv in
            out.withUnsafeMutableBufferPointer { o in
                for (j, w) in coefficients.enumerated() {
                    axpy(w, xv.baseAddress! + j * n, o.baseAddress!, n)
                }
            }
        }
        try checkOutputs(out, x)
        return out
    }
}

/// Throws when predictions are not finite: names the non-finite input, or reports overflow.
func checkOutputs(_ out: [Double], _ x: Matrix) throws(LinearModelError) {
    guard out.contains(where: { !$0.isFinite }) else { return }
    throw locateNonFinite(x) ?? .overflow("the predictions overflow")
}

/// Ordinary least squares, as scikit-learn's `LinearRegression`: minimises ‖y − Xw − b‖².
///
/// Solved by a Householder QR factorisation of [1 X y] (tall-and-skinny: the rows are folded
/// block by block into the small triangular factor R, the orthogonal factor is never
/// formed), never by forming an inverse. The column of ones takes the intercept: reducing it
/// first centres the other columns, so the rest of R is the R of the centred data, in the
/// same single pass over the data. A rank-deficient design (collinear features, a constant
/// feature beside the intercept, fewer samples than features) throws an error that names the
/// features involved and suggests ridge; scikit-learn would silently return one of the
/// infinitely many solutions.
public struct LinearRegression: Sendable, Equatable {
    public var fitIntercept: Bool

    /// A feature whose part orthogonal to the features before it (and to the intercept) is
    /// smaller than this fraction of its own size counts as collinear.
    public static let collinearityTolerance = 1e-10

    public init(fitIntercept: Bool = true) {
        self.fitIntercept = fitIntercept
    }

    public func fit(_ x: Matrix, _ y: [Double]) throws(LinearModelError) -> LinearRegressionModel {
        try checkInputs(x, targetCount: y.count)
        let n = x.rows, p = x.columns
        if n - (fitIntercept ? 1 : 0) < p {
            throw .tooFewSamples(samples: n, features: p, fitIntercept: fitIntercept)
        }
        var layout = ColumnLayout.fromFirstRows(x, y, fitIntercept: fitIntercept)
        var r = factorR(x, y, layout)
        if !r.allSatisfy(\.isFinite) {
            // A NaN or an infinity in the data (reported by `exact`), or values so far beyond
            // those of the first rows that squares overflowed: scale from the whole data.
            layout = try ColumnLayout.exact(x, y, fitIntercept: fitIntercept)
            r = factorR(x, y, layout)
            guard r.allSatisfy(\.isFinite) else { throw .overflow("the QR factorisation overflows") }
        }
        let m = layout.m
        try checkRank(r, layout)
        // Solve R[0..<m-1, 0..<m-1] c = R[0..<m-1, y]: c = [intercept in the scaled space?, u].
        let z = (0..<(m - 1)).map { r[(m - 1) * m + $0] }
        let c = solveUpper(r, ld: m, z)
        return layout.model(scaledIntercept: fitIntercept ? c[0] : 0, u: Array(c[layout.firstFeature...]))
    }

    /// The R factor of the QR factorisation of the laid-out [1? X y], one part of the rows per
    /// task, the parts' factors then folded together in order.
    private func factorR(_ x: Matrix, _ y: [Double], _ layout: ColumnLayout) -> [Double] {
        let n = x.rows, m = layout.m
        let parts: [[Double]] = x.withUnsafeValues { xv in
            y.withUnsafeBufferPointer { yv in
                mapParts(rows: n) { range in
                    var r = [Double](repeating: 0, count: m * m)
                    var block = [Double](repeating: 0, count: RowBlocks.blockRows * m)
                    r.withUnsafeMutableBufferPointer { rp in
                        block.withUnsafeMutableBufferPointer { bp in
                            RowBlocks.forEachBlock(range) { rows in
                                layout.fillBlock(bp.baseAddress!, xv.baseAddress!, yv.baseAddress!, rows: rows, n: n)
                                foldIntoR(rp.baseAddress!, m, block: bp.baseAddress!, rows: rows.count)
                            }
                        }
                    }
                    return r
                }
            }
        }
        var r = parts[0]
        for other in parts.dropFirst() { mergeR(&r, other, m) }
        return r
    }

    /// Throws `.collinearFeatures` when some |R_jj| is negligible next to the norm of
    /// column j (which is the norm of R's column j, as Q is orthogonal).
    private func checkRank(_ r: [Double], _ layout: ColumnLayout) throws(LinearModelError) {
        let m = layout.m, first = layout.firstFeature
        var independent: [Int] = fitIntercept ? [0] : [] // columns of R
        var groups: [LinearModelError.Collinearity] = []
        for feature in 0..<layout.p {
            let j = first + feature
            var norm2 = 0.0
            for i in 0...j { norm2 += r[j * m + i] * r[j * m + i] }
            let diagonal = abs(r[j * m + j])
            if norm2 > 0, diagonal > Self.collinearityTolerance * norm2.squareRoot() {
                independent.append(j)
                continue
            }
            var terms: [LinearModelError.Collinearity.Term] = []
            if norm2 > 0, !independent.isEmpty {
                // Express column j through the independent columns before it, within R's
                // rows 0...j (the rows below are zero in all of them).
                let rows = j + 1
                var a: [Double] = []
                for k in independent { a += (0..<rows).map { r[k * m + $0] } }
                let target = (0..<rows).map { r[j * m + $0] }
                let c = smallLeastSquares(a, rows: rows, cols: independent.count, target)
                // In the scaled space column k is x_k · factor[k]: undo that for the report.
                for (k, coefficient) in zip(independent, c) where k >= first && abs(coefficient) > 1e-8 {
                    let f = k - first
                    terms.append(.init(feature: f, coefficient: coefficient * layout.factor[f] / layout.factor[feature]))
                }
            }
            groups.append(.init(feature: feature, combination: terms, involvesIntercept: fitIntercept))
        }
        if !groups.isEmpty { throw .collinearFeatures(groups) }
    }
}

/// Ridge regression, as scikit-learn's `Ridge`: minimises ‖y − Xw − b‖² + alpha ‖w‖²
/// (the intercept is not penalised). Solved on centred data by a Cholesky factorisation of
/// XᵀX + alpha I, which is what scikit-learn's default solver does on dense data. The Gram
/// matrix of [1 X y] comes from one pass over the data; eliminating the column of ones
/// centres it.
public struct Ridge: Sendable, Equatable {
    public var alpha: Double
    public var fitIntercept: Bool

    public init(alpha: Double = 1.0, fitIntercept: Bool = true) {
        self.alpha = alpha
        self.fitIntercept = fitIntercept
    }

    public func fit(_ x: Matrix, _ y: [Double]) throws(LinearModelError) -> LinearRegressionModel {
        guard alpha.isFinite, alpha >= 0 else {
            throw .invalidParameter("alpha must be a finite number >= 0, got \(alpha)")
        }
        try checkInputs(x, targetCount: y.count)
        var layout = ColumnLayout.fromFirstRows(x, y, fitIntercept: fitIntercept)
        var g = centredGram(x, y, layout)
        if g == nil {
            // Non-finite values (reported by `exact`), overflow, or columns whose mean lies far
            // from that of the first rows (centring afterwards would cancel digits).
            layout = try ColumnLayout.exact(x, y, fitIntercept: fitIntercept)
            g = centredGram(x, y, layout, acceptAnyShift: true)
            guard g != nil else { throw .overflow("the Gram matrix overflows") }
        }
        let (gram, means) = g!
        let p = x.columns, m = p + 1
        // With X' = Xc F (F = diag(factor)) and y' = yc f_y: (X'ᵀX' + alpha F²) u = X'ᵀy',
        // then w = F u / f_y, all in the scaled space.
        var a = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            for i in 0...j {
                a[j * p + i] = gram[j * m + i]
                a[i * p + j] = gram[j * m + i]
            }
            a[j * p + j] += alpha * layout.factor[j] * layout.factor[j]
        }
        guard let l = cholesky(a, p) else {
            throw .singularSystem("XᵀX + alpha·I is not positive definite (alpha = \(alpha)): the features are "
                + "collinear or fewer than the samples; use a larger alpha")
        }
        let u = choleskySolve(l, p, (0..<p).map { gram[p * m + $0] })
        // The scaled intercept: mean of y' minus Σ u_j mean of x'_j.
        var c0 = means[p]
        for j in 0..<p { c0 -= u[j] * means[j] }
        return layout.model(scaledIntercept: fitIntercept ? c0 : 0, u: u)
    }

    /// The Gram matrix of the centred, scaled [X y] ((p+1) x (p+1), upper triangle) and the
    /// means of the laid-out columns, from the Gram matrix of [1 X y]; nil when not finite or
    /// when centring would cancel more than a few digits.
    private func centredGram(_ x: Matrix, _ y: [Double], _ layout: ColumnLayout, acceptAnyShift: Bool = false) -> ([Double], [Double])? {
        let n = x.rows, m = layout.m, first = layout.firstFeature, q = layout.p + 1
        let parts: [[Double]] = x.withUnsafeValues { xv in
            y.withUnsafeBufferPointer { yv in
                mapParts(rows: n) { range in
                    var g = [Double](repeating: 0, count: m * m)
                    var block = [Double](repeating: 0, count: RowBlocks.blockRows * m)
                    g.withUnsafeMutableBufferPointer { gp in
                        block.withUnsafeMutableBufferPointer { bp in
                            RowBlocks.forEachBlock(range) { rows in
                                layout.fillBlock(bp.baseAddress!, xv.baseAddress!, yv.baseAddress!, rows: rows, n: n)
                                addCrossProductUpper(bp.baseAddress!, bp.baseAddress!, rows: rows.count, columns: m, into: gp.baseAddress!)
                            }
                        }
                    }
                    return g
                }
            }
        }
        let raw = sumInOrder(parts)
        guard raw.allSatisfy(\.isFinite) else { return nil }
        var gram = [Double](repeating: 0, count: q * q)
        var means = [Double](repeating: 0, count: q)
        let count = Double(n)
        for j in 0..<q {
            if first == 1 { means[j] = raw[(j + 1) * m] / count }
            for i in 0...j {
                let rawValue = raw[(j + first) * m + i + first]
                gram[j * q + i] = rawValue - count * means[i] * means[j]
            }
            // Centring subtracts n·mean² from Σx²: if that is most of it, digits cancel.
            if !acceptAnyShift, first == 1, count * means[j] * means[j] > 0.5 * raw[(j + 1) * m + j + 1] { return nil }
        }
        return (gram, means)
    }
}

/// How the columns of [1 X y] are laid out for a least-squares pass: an optional leading
/// column of ones (for the intercept), then each column j of X and then y, entering as
/// `(value − center[j]) · factor[j]`.
///
/// The shifts and scales only condition the arithmetic: the solution is unscaled exactly
/// afterwards. The fast layout takes them from the first rows, so the data is read once;
/// the exact layout (a second pass, for the rare data where the first is not good enough)
/// takes the means and ranges of all rows, after checking every value is finite.
struct ColumnLayout {
    let p: Int
    let fitIntercept: Bool
    var center: [Double] // X columns, then y
    var factor: [Double]

    var firstFeature: Int { fitIntercept ? 1 : 0 }
    /// Columns of the laid-out block: [1?, X..., y].
    var m: Int { p + 1 + firstFeature }

    /// Shifts: the mean of the first rows (when fitting an intercept); scales: 1 / the largest
    /// |shifted value| among them.
    static func fromFirstRows(_ x: Matrix, _ y: [Double], fitIntercept: Bool) -> ColumnLayout {
        let n = x.rows, p = x.columns, k = min(n, RowBlocks.blockRows)
        var center = [Double](repeating: 0, count: p + 1)
        var factor = [Double](repeating: 1, count: p + 1)
        x.withUnsafeValues { xv in
            y.withUnsafeBufferPointer { yv in
                for j in 0...p {
                    let column = j < p ? xv.baseAddress! + j * n : yv.baseAddress!
                    var c = 0.0
                    if fitIntercept {
                        for i in 0..<k { c += column[i] }
                        c /= Double(k)
                    }
                    var range = 0.0
                    for i in 0..<k { range = max(range, abs(column[i] - c)) }
                    center[j] = c.isFinite ? c : 0
                    if range > 0, range.isFinite, (1 / range).isFinite { factor[j] = 1 / range }
                }
            }
        }
        return ColumnLayout(p: p, fitIntercept: fitIntercept, center: center, factor: factor)
    }

    /// Shifts: the means over all rows (a constant column's value, exactly); scales:
    /// 1 / the largest |shifted value|. Throws on a NaN, an infinity or overflow.
    static func exact(_ x: Matrix, _ y: [Double], fitIntercept: Bool) throws(LinearModelError) -> ColumnLayout {
        let n = x.rows
        let name = { (j: Int) in "X column \(j)" }
        let xs: ColumnSummary = x.withUnsafeValues { summarizeColumns($0.baseAddress!, rows: n, columns: x.columns) }
        try x.values.withUnsafeBufferPointer { xv throws(LinearModelError) in try checkFinite(xs, xv, rows: n, name: name) }
        let ys: ColumnSummary = y.withUnsafeBufferPointer { summarizeColumns($0.baseAddress!, rows: n, columns: 1) }
        try y.withUnsafeBufferPointer { yv throws(LinearModelError) in try checkFinite(ys, yv, rows: n) { _ in "y" } }
        let xScaling = try ColumnScaling(xs, rows: n, centered: fitIntercept, name: name)
        let yScaling = try ColumnScaling(ys, rows: n, centered: fitIntercept) { _ in "y" }
        return ColumnLayout(p: x.columns, fitIntercept: fitIntercept,
                            center: xScaling.center + yScaling.center, factor: xScaling.factor + yScaling.factor)
    }

    /// Writes rows `rows` of the laid-out [1? X y] into `block` (column-major, leading
    /// dimension rows.count).
    @inline(__always)
    func fillBlock(_ block: MutablePointer, _ x: Pointer, _ y: Pointer, rows: Range<Int>, n: Int) {
        let b = rows.count
        var out = block
        if fitIntercept {
            out.update(repeating: 1, count: b)
            out += b
        }
        for j in 0..<p {
            shiftScale(x + j * n + rows.lowerBound, center[j], factor[j], out, b)
            out += b
        }
        shiftScale(y + rows.lowerBound, center[p], factor[p], out, b)
    }

    /// The model from the solution of the laid-out problem y' ≈ c0 + Σ u_j x'_j:
    /// w_j = u_j factor_j / factor_y, b = center_y + c0 / factor_y − Σ w_j center_j.
    func model(scaledIntercept c0: Double, u: [Double]) -> LinearRegressionModel {
        let fy = factor[p]
        let w = (0..<p).map { u[$0] * factor[$0] / fy }
        var intercept = 0.0
        if fitIntercept {
            intercept = center[p] + c0 / fy
            for j in 0..<p { intercept -= center[j] * w[j] }
        }
        return LinearRegressionModel(coefficients: w, intercept: intercept)
    }
}
