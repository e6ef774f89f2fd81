import Foundation
import SluiceLinear
import Testing

/// Properties that hold whatever the reference: exact recovery, determinism across the
/// concurrent parts, agreement of the two logistic solvers, round trips.
@Suite struct LinearBehaviourTests {
    /// A seeded generator (SplitMix64) and standard normals (Box-Muller).
    struct Gaussian {
        var state: UInt64
        mutating func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return (Double(z >> 11) + 0.5) / 9_007_199_254_740_992
        }
        mutating func next() -> Double {
            (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
        }
    }

    /// n x p standard normal features (with per-column offsets and scales), and y = X w + b + noise.
    static func synthetic(rows n: Int, columns p: Int, noise: Double, seed: UInt64 = 7, standardised: Bool = false) -> (Matrix, [Double], [Double]) {
        var g = Gaussian(state: seed)
        let weights = (0..<p).map { Double($0 % 5) - 1.5 + 0.25 * Double($0) }
        var columns: [[Double]] = []
        for j in 0..<p {
            let offset = standardised ? 0 : Double(j) * 10, spread = standardised ? 1 : 1 + Double(j % 3)
            columns.append((0..<n).map { _ in offset + spread * g.next() })
        }
        var y = [Double](repeating: 2.5, count: n)
        for j in 0..<p { for i in 0..<n { y[i] += weights[j] * columns[j][i] } }
        for i in 0..<n { y[i] += noise * g.next() }
        return (try! Matrix(columns: columns), y, weights)
    }

    static func quartiles(_ v: [Double]) -> [Double] {
        let sorted = v.sorted()
        return [sorted[sorted.count / 4], sorted[sorted.count / 2], sorted[3 * sorted.count / 4]]
    }

    @Test func leastSquaresRecoversAnExactLinearRelation() throws {
        // 140,000 rows: more than one concurrent part, so merging the parts' R factors counts.
        let (x, y, weights) = Self.synthetic(rows: 140_000, columns: 4, noise: 0)
        let model = try LinearRegression().fit(x, y)
        for (w, expected) in zip(model.coefficients, weights) { #expect(abs(w - expected) < 1e-9) }
        #expect(abs(model.intercept - 2.5) < 1e-7)
    }

    /// The fast path takes shifts and scales from the first rows; data whose first rows are
    /// nothing like the rest (a trend, a later jump by 1e200, whose squares overflow) takes the exact path and fits the
    /// same as the same rows in another order.
    @Test func rowOrderDoesNotMatterEvenWhenTheFirstRowsAreUnrepresentative() throws {
        let n = 3000
        var g = Gaussian(state: 99)
        let trend = (0..<n).map { Double($0) * 1000 + g.next() }
        let jump = (0..<n).map { ($0 < 2000 ? 1 : 1e200) * (1 + 0.1 * g.next()) }
        let noise = (0..<n).map { _ in g.next() }
        var y = [Double](repeating: 3, count: n)
        for i in 0..<n {
            y[i] += 0.002 * trend[i]
            y[i] -= 1e-200 * jump[i]
            y[i] += noise[i]
        }
        let x = try Matrix(columns: [trend, jump, noise])
        let reversed = try Matrix(columns: [trend.reversed(), jump.reversed(), noise.reversed()])
        func close(_ a: LinearRegressionModel, _ b: LinearRegressionModel) -> Bool {
            let u: [Double] = a.coefficients + [a.intercept], v: [Double] = b.coefficients + [b.intercept]
            return zip(u, v).allSatisfy { (p: Double, q: Double) -> Bool in abs(p - q) <= 1e-9 * max(abs(q), 1e-300) }
        }
        let ols = try LinearRegression().fit(x, y), olsReversed = try LinearRegression().fit(reversed, y.reversed())
        #expect(close(ols, olsReversed), "\(ols) vs \(olsReversed)")
        #expect(abs(ols.coefficients[0] - 0.002) < 1e-5)
        let ridge = try Ridge(alpha: 0.1).fit(x, y), ridgeReversed = try Ridge(alpha: 0.1).fit(reversed, y.reversed())
        #expect(close(ridge, ridgeReversed), "\(ridge) vs \(ridgeReversed)")
    }

    /// On large data Newton's Hessian comes from a sample of the rows; the gradient is still
    /// exact, so reaching a gradient of 1e-10 certifies the optimum.
    @Test func newtonWithASubsampledHessianStillReachesTheExactOptimum() throws {
        let (x, y, _) = Self.synthetic(rows: 300_000, columns: 3, noise: 1, seed: 21, standardised: true)
        let median = Self.quartiles(y)[1]
        let model = try LogisticRegression(C: 0.5, tol: 1e-10).fit(x, y.map { $0 > median })
        #expect(model.solver == .newton)
        #expect(model.converged && model.gradientNorm <= 1e-10)
        #expect(model.iterations < 20)
        #expect(model.classes == [false, true])
    }

    @Test func fitsAreBitForBitRepeatable() throws {
        let (x, y, _) = Self.synthetic(rows: 140_000, columns: 3, noise: 0.5, seed: 11)
        #expect(try LinearRegression().fit(x, y) == LinearRegression().fit(x, y))
        #expect(try Ridge(alpha: 3).fit(x, y) == Ridge(alpha: 3).fit(x, y))
        let median = Self.quartiles(y)[1]
        let labels = y.map { $0 > median ? "high" : "low" }
        let a = try LogisticRegression().fit(x, labels), b = try LogisticRegression().fit(x, labels)
        #expect(a.coefficients == b.coefficients && a.intercepts == b.intercepts && a.iterations == b.iterations)
    }

    @Test func ridgeTendsToLeastSquaresAsAlphaVanishesAndShrinksAsItGrows() throws {
        let (x, y, _) = Self.synthetic(rows: 500, columns: 5, noise: 1)
        let ols = try LinearRegression().fit(x, y)
        let almost = try Ridge(alpha: 1e-9).fit(x, y)
        for (a, b) in zip(almost.coefficients, ols.coefficients) { #expect(abs(a - b) <= 1e-8 * max(1, abs(b))) }
        let norm = { (m: LinearRegressionModel) in m.coefficients.reduce(0) { $0 + $1 * $1 } }
        let strong = try Ridge(alpha: 1e4).fit(x, y)
        #expect(norm(strong) < norm(ols))
        // The intercept is not penalised: a huge alpha leaves the mean of y.
        let flat = try Ridge(alpha: 1e15).fit(x, y)
        #expect(abs(flat.intercept - y.reduce(0, +) / Double(y.count)) < 1e-6)
    }

    @Test func newtonAndLBFGSReachTheSameOptimum() throws {
        // Standardised features, as L-BFGS (unlike Newton) slows down on badly scaled ones.
        let (x, y, _) = Self.synthetic(rows: 2000, columns: 6, noise: 1, seed: 5, standardised: true)
        let q = Self.quartiles(y)
        let labels = y.map { $0 < q[0] ? "a" : $0 < q[1] ? "b" : $0 < q[2] ? "c" : "d" }
        for C in [0.01, 1.0] {
            let newton = try LogisticRegression(C: C, tol: 1e-10, solver: .newton).fit(x, labels)
            let lbfgs = try LogisticRegression(C: C, tol: 1e-9, maxIter: 2000, solver: .lbfgs).fit(x, labels)
            #expect(newton.converged && lbfgs.converged)
            #expect(newton.iterations < lbfgs.iterations)
            let a = newton.coefficients.values + newton.intercepts, b = lbfgs.coefficients.values + lbfgs.intercepts
            for (u, v) in zip(a, b) { #expect(abs(u - v) <= 1e-5 * max(1, abs(v))) }
            // scikit-learn's parameterisation: intercepts and each coefficient column sum to zero.
            #expect(abs(newton.intercepts.reduce(0, +)) < 1e-9)
            for j in 0..<x.columns {
                #expect(abs((0..<4).map { newton.coefficients[$0, j] }.reduce(0, +)) < 1e-9)
            }
        }
    }

    @Test func tooFewIterationsAreReportedAsNotConverged() throws {
        let (x, y, _) = Self.synthetic(rows: 400, columns: 3, noise: 2)
        let median = Self.quartiles(y)[1]
        let model = try LogisticRegression(tol: 1e-12, maxIter: 1).fit(x, y.map { $0 > median })
        #expect(!model.converged)
        #expect(model.iterations == 1)
        #expect(model.gradientNorm > 1e-12)
    }

    @Test func predictionsAreConsistentAcrossTheAPI() throws {
        let (x, y, _) = Self.synthetic(rows: 600, columns: 3, noise: 0.5, seed: 3)
        let q = Self.quartiles(y)
        let labels = y.map { $0 < q[0] ? 10 : $0 < q[2] ? 20 : 30 }
        let model = try LogisticRegression(C: 0.3).fit(x, labels)
        #expect(model.classes == [10, 20, 30])
        let scores = try model.decisionFunction(x)
        let proba = try model.predictProbabilities(x)
        let predicted = try model.predict(x)
        for i in 0..<x.rows {
            let row = proba.row(i)
            let best = row.indices.max { row[$0] < row[$1] }!
            #expect(predicted[i] == model.classes[best])
            #expect(scores.row(i).indices.max { scores[i, $0] < scores[i, $1] } == best)
        }
        let accuracy = Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
        #expect(accuracy > 0.6)
    }

    @Test func modelsRoundTripThroughJSON() throws {
        let (x, y, _) = Self.synthetic(rows: 200, columns: 3, noise: 1)
        let linear = try LinearRegression().fit(x, y)
        #expect(try JSONDecoder().decode(LinearRegressionModel.self, from: JSONEncoder().encode(linear)) == linear)
        let median = Self.quartiles(y)[1]
        let logistic = try LogisticRegression().fit(x, y.map { $0 > median ? "up" : "down" })
        let decoded = try JSONDecoder().decode(LogisticRegressionModel<String>.self, from: JSONEncoder().encode(logistic))
        #expect(decoded == logistic)
        #expect(try decoded.predict(x) == logistic.predict(x))
    }

    @Test func aMatrixDecodedFromInconsistentJSONIsRejected() {
        let json = #"{"rows": 2, "columns": 2, "values": [1, 2, 3]}"#
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Matrix.self, from: Data(json.utf8)) }
    }

    @Test func matricesBuiltFromRowsAndFromColumnsAgree() throws {
        let byRows = try Matrix(rows: [[1, 2, 3], [4, 5, 6]])
        let byColumns = try Matrix(columns: [[1, 4], [2, 5], [3, 6]])
        #expect(byRows == byColumns)
        #expect(byRows.values == [1, 4, 2, 5, 3, 6])
        #expect(byRows[1, 2] == 6)
        #expect(byRows.row(1) == [4, 5, 6])
        #expect(byRows.transposed == (try Matrix(rows: [[1, 4], [2, 5], [3, 6]])))
    }
}
