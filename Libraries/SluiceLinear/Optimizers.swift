/// What an optimiser reports.
struct OptimizationResult {
    var theta: [Double]
    var iterations: Int
    var converged: Bool
    var gradientNorm: Double // max |gradient component| at theta
    var value: Double
}

@inline(__always) func maxAbs(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }

@inline(__always) func dotProduct(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
}

/// Accepts a trial point of a line search: the Armijo condition, or, once the decrease is
/// lost in rounding (the objective agrees to ~1e-13), a smaller gradient.
@inline(__always) func acceptable(_ trial: LogisticObjective.Evaluation, _ current: LogisticObjective.Evaluation,
                                  step: Double, slope: Double) -> Bool {
    if trial.value <= current.value + 1e-4 * step * slope { return true }
    let noise = 1e-13 * max(1, abs(current.value))
    return trial.value - current.value <= noise && maxAbs(trial.gradient) < maxAbs(current.gradient)
}

/// Newton's method with the Hessian (exact, or subsampled on large data: see
/// `LogisticObjective.hessianSampleRows`), a backtracking (Armijo) line search and a
/// Cholesky solve. The logistic objective is convex, and strictly so apart from the
/// multinomial intercepts, which are only defined up to a common shift: for those,
/// `nullDirection` (the indices of the intercepts) is added as a rank-one term to the
/// Hessian, which leaves the step orthogonal to the shift (the gradient is), so the
/// intercepts keep summing to zero from the zero start, as with scikit-learn.
func newtonMinimize(_ objective: LogisticObjective, start: LogisticObjective.Evaluation, tol: Double, maxIter: Int,
                    nullDirection: [Int]) -> OptimizationResult {
    let d = objective.dimension
    var theta = [Double](repeating: 0, count: d)
    var current = start
    var iterations = 0
    while true {
        let gnorm = maxAbs(current.gradient)
        if gnorm <= tol {
            return OptimizationResult(theta: theta, iterations: iterations, converged: true, gradientNorm: gnorm, value: current.value)
        }
        if iterations >= maxIter {
            return OptimizationResult(theta: theta, iterations: iterations, converged: false, gradientNorm: gnorm, value: current.value)
        }
        iterations += 1
        var h = current.hessian.isEmpty ? objective.evaluate(theta, gradient: false, hessian: true).hessian : current.hessian
        if !nullDirection.isEmpty {
            var c = 0.0
            for i in nullDirection { c = max(c, h[i * d + i]) }
            if c <= 0 { c = 1 }
            for i in nullDirection { for j in nullDirection { h[j * d + i] += c } }
        }
        let step = newtonStep(h, d, current.gradient)
        let slope = dotProduct(current.gradient, step)
        // The full step is usually taken, so its Hessian comes in the same pass over the data
        // (on large data only a sample of rows enters the Hessian, so this costs little even
        // when the step turns out to be the last).
        let hessianWithTrial = iterations < maxIter
        var t = 1.0
        var accepted: LogisticObjective.Evaluation?
        var trialTheta = theta
        for _ in 0..<60 {
            for i in 0..<d { trialTheta[i] = theta[i] + t * step[i] }
            let trial = objective.evaluate(trialTheta, gradient: true, hessian: hessianWithTrial && t == 1)
            if trial.value.isFinite, acceptable(trial, current, step: t, slope: slope) {
                accepted = trial
                break
            }
            t *= 0.5
        }
        guard let next = accepted else {
            // No progress possible in floating point: stop where we are.
            return OptimizationResult(theta: theta, iterations: iterations, converged: gnorm <= tol, gradientNorm: gnorm, value: current.value)
        }
        theta = trialTheta
        current = next
    }
}

/// Solves H s = −g by Cholesky, adding a growing multiple of the identity if H is not
/// numerically positive definite (a saturated or separable problem).
func newtonStep(_ h: [Double], _ d: Int, _ g: [Double]) -> [Double] {
    var shift = 0.0
    var maxDiagonal = 0.0
    for i in 0..<d { maxDiagonal = max(maxDiagonal, abs(h[i * d + i])) }
    if maxDiagonal == 0 { maxDiagonal = 1 }
    while true {
        var a = h
        if shift > 0 { for i in 0..<d { a[i * d + i] += shift } }
        if let l = cholesky(a, d, relativePivotFloor: 1e-14) {
            return choleskySolve(l, d, g.map { -$0 })
        }
        shift = shift == 0 ? 1e-12 * maxDiagonal : shift * 100
        if shift > 1e12 * maxDiagonal { return g.map { -$0 / maxDiagonal } }
    }
}

/// Limited-memory BFGS (10 pairs) with a backtracking Armijo line search: for problems whose
/// Hessian is too costly to form (many classes times many features).
func lbfgsMinimize(_ objective: LogisticObjective, start: LogisticObjective.Evaluation, tol: Double, maxIter: Int,
                   memory: Int = 10) -> OptimizationResult {
    let d = objective.dimension
    var theta = [Double](repeating: 0, count: d)
    var current = start
    var s: [[Double]] = [], y: [[Double]] = [], rho: [Double] = []
    var iterations = 0
    var stalled = 0
    while true {
        let g = current.gradient
        let gnorm = maxAbs(g)
        if gnorm <= tol || iterations >= maxIter || stalled >= 10 {
            return OptimizationResult(theta: theta, iterations: iterations, converged: gnorm <= tol, gradientNorm: gnorm, value: current.value)
        }
        iterations += 1
        // Two-loop recursion: direction = −H g.
        var q = g
        var alphas = [Double](repeating: 0, count: s.count)
        for i in stride(from: s.count - 1, through: 0, by: -1) {
            alphas[i] = rho[i] * dotProduct(s[i], q)
            for k in 0..<d { q[k] -= alphas[i] * y[i][k] }
        }
        if let lastS = s.last, let lastY = y.last {
            let gamma = dotProduct(lastS, lastY) / dotProduct(lastY, lastY)
            for k in 0..<d { q[k] *= gamma }
        } else {
            let norm = dotProduct(g, g).squareRoot()
            for k in 0..<d { q[k] /= max(1, norm) }
        }
        for i in 0..<s.count {
            let beta = rho[i] * dotProduct(y[i], q)
            for k in 0..<d { q[k] += s[i][k] * (alphas[i] - beta) }
        }
        var direction = q.map { -$0 }
        var slope = dotProduct(g, direction)
        if !(slope < 0) { // not a descent direction: restart from steepest descent
            s.removeAll(); y.removeAll(); rho.removeAll()
            direction = g.map { -$0 / max(1, dotProduct(g, g).squareRoot()) }
            slope = dotProduct(g, direction)
        }
        var t = 1.0
        var accepted: LogisticObjective.Evaluation?
        var trialTheta = theta
        for _ in 0..<60 {
            for i in 0..<d { trialTheta[i] = theta[i] + t * direction[i] }
            let trial = objective.evaluate(trialTheta, gradient: true)
            if trial.value.isFinite, acceptable(trial, current, step: t, slope: slope) {
                accepted = trial
                break
            }
            t *= 0.5
        }
        guard let next = accepted else {
            return OptimizationResult(theta: theta, iterations: iterations, converged: gnorm <= tol, gradientNorm: gnorm, value: current.value)
        }
        let sk = (0..<d).map { trialTheta[$0] - theta[$0] }
        let yk = (0..<d).map { next.gradient[$0] - g[$0] }
        let sy = dotProduct(sk, yk)
        if sy > 1e-12 * dotProduct(yk, yk) && sy > 0 {
            s.append(sk); y.append(yk); rho.append(1 / sy)
            if s.count > memory { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
        }
        let relativeChange = abs(current.value - next.value) / max(1, abs(current.value), abs(next.value))
        stalled = relativeChange <= 2.2e-16 ? stalled + 1 : 0
        theta = trialTheta
        current = next
    }
}
