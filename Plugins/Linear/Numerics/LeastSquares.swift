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
    for j in 0..<x.columns {
        for (i, v) in x.column(j).enumerated() where !v.isFinite {
            throw .nonFinite(place: "X at row \(i), column \(j)", value: v)
        }
    }
    throw .overflow("the predictions overflow")
}

/// Ordinary least squares, as scikit-learn's `LinearRegression`: minimises ‖y − Xw − b‖².
///
/// Solved on centred data (which gives the intercept) by a Householder QR factorisation of
/// [X y], never by forming an inverse. A rank-deficient design (collinear features, a constant
/// feature alongside the intercept, fewer samples than features) throws an error that names
/// the features involved and suggests ridge: scikit-learn would silently return one of the
/// infinitely many solutions.
public struct LinearRegression: Sendable, Equatable {
    public var fitIntercept: Bool

    /// A feature whose part orthogonal to the features before it is smaller than this
    /// fraction of its own size counts as collinear.
    public static let collinearityTolerance = 1e-10

    public init(fitIntercept: Bool = true) {
        self.fitIntercept = fitIntercept
    }

    public func fit(_ x: Matrix, _ y: [Double]) throws(LinearModelError) -> LinearRegressionModel {
        let problem = try LeastSquaresProblem(x, y, fitIntercept: fitIntercept)
        let n = x.rows, p = x.columns, m = p + 1
        if n - (fitIntercept ? 1 : 0) < p {
            throw .tooFewSamples(samples: n, features: p, fitIntercept: fitIntercept)
        }
        // R of the QR factorisation of the scaled, centred [X y], one part of the rows per task.
        let parts: [[Double]] = x.withUnsafeValues { xv in
            y.withUnsafeBufferPointer { yv in
                mapParts(rows: n) { range in
                    var r = [Double](repeating: 0, count: m * m)
                    var block = [Double](repeating: 0, count: RowBlocks.blockRows * m)
                    r.withUnsafeMutableBufferPointer { rp in
                        block.withUnsafeMutableBufferPointer { bp in
                            RowBlocks.forEachBlock(range) { rows in
                                let b = rows.count
                                problem.fillBlock(bp.baseAddress!, xv.baseAddress!, yv.baseAddress!, rows: rows, n: n)
                                foldIntoR(rp.baseAddress!, m, block: bp.baseAddress!, rows: b)
                            }
                        }
                    }
                    return r
                }
            }
        }
        var r = parts[0]
        for other in parts.dropFirst() { mergeR(&r, other, m) }

        try checkRank(r, m: m, p: p, factors: problem.scaling.factor)
        let z = (0..<p).map { r[p * m + $0] }
        let u = solveUpper(r, ld: m, z)
        return problem.unscale(u)
    }

    /// Throws `.collinearFeatures` when some |R_jj| is negligible next to the norm of
    /// column j (which is the norm of R's column j, as Q is orthogonal).
    private func checkRank(_ r: [Double], m: Int, p: Int, factors: [Double]) throws(LinearModelError) {
        var independent: [Int] = []
        var groups: [LinearModelError.Collinearity] = []
        for j in 0..<p {
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
                for (k, coefficient) in zip(independent, c) where abs(coefficient) > 1e-8 {
                    terms.append(.init(feature: k, coefficient: coefficient * factors[k] / factors[j]))
                }
            }
            groups.append(.init(feature: j, combination: terms, involvesIntercept: fitIntercept))
        }
        if !groups.isEmpty { throw .collinearFeatures(groups) }
    }
}

/// Ridge regression, as scikit-learn's `Ridge`: minimises ‖y − Xw − b‖² + alpha ‖w‖²
/// (the intercept is not penalised). Solved on centred data by a Cholesky factorisation of
/// XᵀX + alpha I, which is what scikit-learn's default solver does on dense data.
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
        let problem = try LeastSquaresProblem(x, y, fitIntercept: fitIntercept)
        let n = x.rows, p = x.columns, m = p + 1
        // The Gram matrix of the scaled, centred [X y] (upper triangle).
        let parts: [[Double]] = x.withUnsafeValues { xv in
            y.withUnsafeBufferPointer { yv in
                mapParts(rows: n) { range in
                    var g = [Double](repeating: 0, count: m * m)
                    var block = [Double](repeating: 0, count: RowBlocks.blockRows * m)
                    g.withUnsafeMutableBufferPointer { gp in
                        block.withUnsafeMutableBufferPointer { bp in
                            RowBlocks.forEachBlock(range) { rows in
                                problem.fillBlock(bp.baseAddress!, xv.baseAddress!, yv.baseAddress!, rows: rows, n: n)
                                addCrossProductUpper(bp.baseAddress!, bp.baseAddress!, rows: rows.count, columns: m, into: gp.baseAddress!)
                            }
                        }
                    }
                    return g
                }
            }
        }
        let g = sumInOrder(parts)
        // With X' = Xc D (D = diag(factor)), w = D u where (X'ᵀX' + alpha D⁻²... ) is rewritten
        // as (G' + alpha D²) u = X'ᵀy', all in the scaled space.
        var a = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            for i in 0...j {
                a[j * p + i] = g[j * m + i]
                a[i * p + j] = g[j * m + i]
            }
            a[j * p + j] += alpha * problem.scaling.factor[j] * problem.scaling.factor[j]
        }
        guard let l = cholesky(a, p) else {
            throw .singularSystem("XᵀX + alpha·I is not positive definite (alpha = \(alpha)): the features are "
                + "collinear or fewer than the samples; use a larger alpha")
        }
        let rhs = (0..<p).map { g[p * m + $0] }
        let u = choleskySolve(l, p, rhs)
        return problem.unscale(u)
    }
}

/// The shared preparation of OLS and ridge: checks, then how to centre and scale each
/// column of [X y].
struct LeastSquaresProblem {
    let scaling: ColumnScaling // of X
    let yCenter: Double
    let yFactor: Double
    let fitIntercept: Bool

    init(_ x: Matrix, _ y: [Double], fitIntercept: Bool) throws(LinearModelError) {
        try checkInputs(x, targetCount: y.count)
        let n = x.rows
        let name = { (j: Int) in "X column \(j)" }
        let xs: ColumnSummary = x.withUnsafeValues { summarizeColumns($0.baseAddress!, rows: n, columns: x.columns) }
        try x.values.withUnsafeBufferPointer { xv throws(LinearModelError) in try checkFinite(xs, xv, rows: n, name: name) }
        let ys: ColumnSummary = y.withUnsafeBufferPointer { summarizeColumns($0.baseAddress!, rows: n, columns: 1) }
        try y.withUnsafeBufferPointer { yv throws(LinearModelError) in try checkFinite(ys, yv, rows: n) { _ in "y" } }
        scaling = try ColumnScaling(xs, rows: n, centered: fitIntercept, name: name)
        let yScaling = try ColumnScaling(ys, rows: n, centered: fitIntercept) { _ in "y" }
        yCenter = yScaling.center[0]
        yFactor = yScaling.factor[0]
        self.fitIntercept = fitIntercept
    }

    /// Writes the scaled, centred rows `rows` of [X y] into `block` (column-major, leading
    /// dimension rows.count).
    @inline(__always)
    func fillBlock(_ block: MutablePointer, _ x: Pointer, _ y: Pointer, rows: Range<Int>, n: Int) {
        let b = rows.count
        for j in 0..<scaling.center.count {
            shiftScale(x + j * n + rows.lowerBound, scaling.center[j], scaling.factor[j], block + j * b, b)
        }
        shiftScale(y + rows.lowerBound, yCenter, yFactor, block + scaling.center.count * b, b)
    }

    /// The model from the solution u of the scaled problem: w = D u / yFactor.
    func unscale(_ u: [Double]) -> LinearRegressionModel {
        let w = u.indices.map { u[$0] * scaling.factor[$0] / yFactor }
        var intercept = 0.0
        if fitIntercept {
            intercept = yCenter
            for j in w.indices { intercept -= scaling.center[j] * w[j] }
        }
        return LinearRegressionModel(coefficients: w, intercept: intercept)
    }
}
