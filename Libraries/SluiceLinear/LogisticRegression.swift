import Foundation

/// L2-regularised logistic regression, as scikit-learn's `LogisticRegression` with its
/// default lbfgs solver: minimises Σᵢ ℓᵢ + ‖W‖²/(2C) (intercepts not penalised), where ℓ is
/// the binomial log-loss for two classes and the multinomial (softmax) cross-entropy with
/// one coefficient row per class for more. Classes are the sorted distinct labels; for two,
/// the second is the positive class. See `LogisticObjective` for the exact objective.
///
/// The minimiser is unique, so any method that converges finds scikit-learn's solution;
/// Newton's method converges in a handful of passes over the data when the number of
/// classes times features is modest, and L-BFGS takes over when forming the Hessian would
/// cost too much. Each Newton pass computes loss, gradient and Hessian together; on large
/// data the Hessian comes from a fixed, evenly spread sample of about 131,072 rows (the
/// gradient always from all rows), which changes the path, not the optimum.
public struct LogisticRegression: Sendable, Equatable {
    /// Inverse regularisation strength (> 0): larger C, weaker penalty.
    public var C: Double
    public var fitIntercept: Bool
    /// Convergence: stop once every component of the gradient of the scaled objective
    /// (1/n) Σ ℓᵢ + ‖W‖²/(2Cn) is at most `tol` in magnitude. scikit-learn's `tol` is
    /// the same test on the same function, but its L-BFGS also stops on a tiny relative
    /// decrease, usually well before; the default here is much tighter than its 1e-4.
    public var tol: Double
    /// The most Newton or L-BFGS iterations.
    public var maxIter: Int
    public var solver: Solver

    public enum Solver: String, Sendable, Codable, CaseIterable {
        /// Newton when the Hessian is cheap enough to form, L-BFGS otherwise.
        case automatic
        /// Newton's method with a line search (Hessian subsampled on large data, see above).
        case newton
        /// Limited-memory BFGS with a line search.
        case lbfgs
    }

    public init(C: Double = 1.0, fitIntercept: Bool = true, tol: Double = 1e-8, maxIter: Int = 1000, solver: Solver = .automatic) {
        self.C = C
        self.fitIntercept = fitIntercept
        self.tol = tol
        self.maxIter = maxIter
        self.solver = solver
    }

    /// Fits to the rows of `x` (column-major, n x p) and their labels; the classes are the
    /// distinct labels in ascending order.
    public func fit<Label: Hashable & Comparable & Sendable>(_ x: Matrix, _ y: [Label]) throws(LinearModelError) -> LogisticRegressionModel<Label> {
        try fit(x, y, ascending: <)
    }

    /// Fits to boolean labels: classes [false, true], true being the positive class.
    public func fit(_ x: Matrix, _ y: [Bool]) throws(LinearModelError) -> LogisticRegressionModel<Bool> {
        try fit(x, y) { !$0 && $1 }
    }

    private func fit<Label: Hashable & Sendable>(_ x: Matrix, _ y: [Label], ascending: (Label, Label) -> Bool) throws(LinearModelError) -> LogisticRegressionModel<Label> {
        guard C.isFinite, C > 0 else { throw .invalidParameter("C must be a finite number > 0, got \(C)") }
        guard tol.isFinite, tol > 0 else { throw .invalidParameter("tol must be a finite number > 0, got \(tol)") }
        guard maxIter >= 1 else { throw .invalidParameter("maxIter must be at least 1, got \(maxIter)") }
        try checkInputs(x, targetCount: y.count)
        let n = x.rows, p = x.columns

        // Classes: the sorted distinct labels; each label's index among them.
        let (classes, codes) = (y as? [Bool]).map { encodeBooleans($0) as! ([Label], [Int32]) } ?? encodeLabels(y, ascending: ascending)
        guard classes.count >= 2 else {
            throw .singleClass("every one of the \(n) labels is \(String(describing: classes[0]))")
        }
        let k = classes.count
        let binaryTargets = k == 2 ? codes.map { Double($0) } : []

        let fitted: Result<LogisticRegressionModel<Label>, LinearModelError> = x.withUnsafeValues { xv in
            let objective = LogisticObjective(
                x: xv.baseAddress!, n: n, p: p,
                binaryTargets: binaryTargets, classIndex: k == 2 ? [] : codes,
                classCount: k, fitIntercept: fitIntercept, l2: 1 / (C * Double(n)))
            let method = resolvedSolver(objective)
            // The first evaluation reads every value of X (the gradient at zero is a sum over
            // all of them), so a NaN or an infinity shows there: no separate pass to check.
            let start = objective.evaluate([Double](repeating: 0, count: objective.dimension), gradient: true, hessian: method != .lbfgs)
            guard start.value.isFinite, start.gradient.allSatisfy(\.isFinite) else {
                return .failure(locateNonFinite(x) ?? .overflow("the gradient of the log-loss overflows"))
            }
            let bs = objective.blockSize, blocks = objective.blocks
            var result: OptimizationResult
            switch method {
            case .newton, .automatic:
                let null = (k > 2 && fitIntercept) ? (0..<blocks).map { $0 * bs + p } : []
                result = newtonMinimize(objective, start: start, tol: tol, maxIter: maxIter, nullDirection: null)
            case .lbfgs:
                result = lbfgsMinimize(objective, start: start, tol: tol, maxIter: maxIter)
            }
            var coefficients = Matrix(rows: blocks, columns: p)
            var intercepts = [Double](repeating: 0, count: blocks)
            for c in 0..<blocks {
                for j in 0..<p { coefficients[c, j] = result.theta[c * bs + j] }
                if fitIntercept { intercepts[c] = result.theta[c * bs + p] }
            }
            if k > 2 && fitIntercept {
                // Only defined up to a common shift: report the symmetric choice (sum zero).
                let mean = intercepts.reduce(0, +) / Double(blocks)
                for c in 0..<blocks { intercepts[c] -= mean }
            }
            return .success(LogisticRegressionModel(
                classes: classes, coefficients: coefficients, intercepts: intercepts,
                iterations: result.iterations, converged: result.converged,
                gradientNorm: result.gradientNorm, objective: result.value, solver: method))
        }
        return try fitted.get()
    }

    func resolvedSolver(_ objective: LogisticObjective) -> Solver {
        guard solver == .automatic else { return solver }
        let pairs = Double(objective.blocks * (objective.blocks + 1) / 2)
        let bs = Double(objective.blockSize)
        let hessianWork = pairs * bs * (bs + 1) / 2
        let gradientWork = 2 * Double(objective.blocks) * bs
        return objective.dimension <= 1000 && hessianWork <= 64 * gradientWork ? .newton : .lbfgs
    }
}

/// The first NaN or infinity of X, as an error.
func locateNonFinite(_ x: Matrix) -> LinearModelError? {
    for j in 0..<x.columns {
        for (i, v) in x.column(j).enumerated() where !v.isFinite {
            return .nonFinite(place: "X column \(j) at row \(i)", value: v)
        }
    }
    return nil
}

/// `encodeLabels` for booleans, without hashing.
func encodeBooleans(_ y: [Bool]) -> ([Bool], [Int32]) {
    let hasTrue = y.contains(true), hasFalse = y.contains(false)
    if hasTrue && hasFalse { return ([false, true], y.map { $0 ? 1 : 0 }) }
    return ([hasTrue], [Int32](repeating: 0, count: y.count))
}

/// The sorted distinct labels and, for each sample, the index of its label among them.
func encodeLabels<Label: Hashable>(_ y: [Label], ascending: (Label, Label) -> Bool) -> ([Label], [Int32]) {
    var seen: [Label: Int32] = [:]
    var firstCodes = [Int32](repeating: 0, count: y.count)
    var last: (Label, Int32)?
    for (i, label) in y.enumerated() {
        if let last, last.0 == label { firstCodes[i] = last.1; continue }
        let code: Int32
        if let known = seen[label] {
            code = known
        } else {
            code = Int32(seen.count)
            seen[label] = code
        }
        firstCodes[i] = code
        last = (label, code)
    }
    let classes = seen.keys.sorted(by: ascending)
    var remap = [Int32](repeating: 0, count: seen.count)
    for (index, label) in classes.enumerated() { remap[Int(seen[label]!)] = Int32(index) }
    return (classes, firstCodes.map { remap[Int($0)] })
}

/// A fitted logistic regression.
public struct LogisticRegressionModel<Label: Hashable & Sendable>: Sendable {
    /// The sorted distinct training labels (`classes_`).
    public var classes: [Label]
    /// scikit-learn's `coef_`: 1 x p for two classes (for the second class), else one row per class.
    public var coefficients: Matrix
    /// scikit-learn's `intercept_`: one per row of `coefficients` (zeros without an intercept).
    public var intercepts: [Double]
    /// Newton or L-BFGS iterations taken.
    public var iterations: Int
    /// Whether the gradient reached `tol` within `maxIter` iterations.
    public var converged: Bool
    /// The largest gradient component of the scaled objective at the solution.
    public var gradientNorm: Double
    /// The scaled objective (1/n) Σ ℓᵢ + ‖W‖²/(2Cn) at the solution.
    public var objective: Double
    /// The method that was used.
    public var solver: LogisticRegression.Solver

    public init(classes: [Label], coefficients: Matrix, intercepts: [Double], iterations: Int = 0, converged: Bool = true,
                gradientNorm: Double = 0, objective: Double = 0, solver: LogisticRegression.Solver = .automatic) {
        self.classes = classes
        self.coefficients = coefficients
        self.intercepts = intercepts
        self.iterations = iterations
        self.converged = converged
        self.gradientNorm = gradientNorm
        self.objective = objective
        self.solver = solver
    }

    /// The linear scores X Wᵀ + b: n x 1 for two classes, else n x classes.
    public func decisionFunction(_ x: Matrix) throws(LinearModelError) -> Matrix {
        let p = coefficients.columns, rows = coefficients.rows
        guard x.columns == p else {
            throw .dimensionMismatch("the model has \(p) features, X has \(x.columns) columns")
        }
        let n = x.rows
        var values = [Double](repeating: 0, count: n * rows)
        if n > 0 {
            x.withUnsafeValues { xv in
                values.withUnsafeMutableBufferPointer { out in
                    for c in 0..<rows {
                        let z = out.baseAddress! + c * n
                        z.update(repeating: intercepts[c], count: n)
                        for j in 0..<p { axpy(coefficients[c, j], xv.baseAddress! + j * n, z, n) }
                    }
                }
            }
        }
        try checkOutputs(values, x)
        return try Matrix(rows: n, columns: rows, columnMajor: values)
    }

    /// Class probabilities, n x classes, columns in the order of `classes`.
    public func predictProbabilities(_ x: Matrix) throws(LinearModelError) -> Matrix {
        let scores = try decisionFunction(x)
        let n = x.rows, k = classes.count
        var proba = Matrix(rows: n, columns: k)
        if k == 2 {
            for i in 0..<n {
                let q = sigmoid(scores[i, 0])
                proba[i, 0] = 1 - q
                proba[i, 1] = q
            }
        } else {
            for i in 0..<n {
                var m = -Double.infinity
                for c in 0..<k { m = max(m, scores[i, c]) }
                var s = 0.0
                for c in 0..<k { s += exp(scores[i, c] - m) }
                for c in 0..<k { proba[i, c] = exp(scores[i, c] - m) / s }
            }
        }
        return proba
    }

    /// The most probable class of each row (for two classes: the second when its score is > 0).
    public func predict(_ x: Matrix) throws(LinearModelError) -> [Label] {
        let scores = try decisionFunction(x)
        if classes.count == 2 {
            return (0..<x.rows).map { scores[$0, 0] > 0 ? classes[1] : classes[0] }
        }
        return (0..<x.rows).map { i in
            var best = 0
            for c in 1..<classes.count where scores[i, c] > scores[i, best] { best = c }
            return classes[best]
        }
    }
}

extension LogisticRegressionModel: Equatable where Label: Equatable {}
extension LogisticRegressionModel: Codable where Label: Codable {}

@inline(__always) func sigmoid(_ z: Double) -> Double {
    z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
}
