import Foundation
import SluiceLinear
import SluiceTestSupport
import Testing

/// The fits agree with scikit-learn's on its own bundled real datasets (diabetes for least
/// squares; breast_cancer, iris and wine, standardised, for logistic regression).
@Suite struct LinearScikitLearnAgreementTests {
    @Test func ordinaryLeastSquaresMatchesScikitLearnOnDiabetes() throws {
        let reference = try SklearnReference.get()
        let cases = reference.cases(model: "linear")
        #expect(cases.count == 2)
        for c in cases {
            let data = try #require(reference.datasets[c.dataset])
            let y = try #require(data.y.numbers)
            let model = try LinearRegression(fitIntercept: c.fitIntercept).fit(data.x, y)
            try expectRegression(model, matches: c, on: data.x, tolerance: 1e-6)
        }
    }

    @Test func ridgeMatchesScikitLearnOnDiabetes() throws {
        let reference = try SklearnReference.get()
        let cases = reference.cases(model: "ridge")
        #expect(cases.count == 4)
        for c in cases {
            let data = try #require(reference.datasets[c.dataset])
            let y = try #require(data.y.numbers)
            let model = try Ridge(alpha: try #require(c.alpha), fitIntercept: c.fitIntercept).fit(data.x, y)
            try expectRegression(model, matches: c, on: data.x, tolerance: 1e-6)
        }
    }

    @Test(arguments: [LogisticRegression.Solver.automatic, .newton, .lbfgs])
    func binaryLogisticRegressionMatchesScikitLearnOnBreastCancer(solver: LogisticRegression.Solver) throws {
        let reference = try SklearnReference.get()
        let cases = reference.cases(model: "logistic").filter { $0.dataset == "breast_cancer" }
        #expect(cases.count == 3)
        for c in cases {
            let data = try #require(reference.datasets[c.dataset])
            let labels = try #require(data.y.strings)
            let model = try LogisticRegression(C: try #require(c.C), fitIntercept: c.fitIntercept, tol: 1e-10, maxIter: 10_000, solver: solver)
                .fit(data.x, labels)
            // The classes are the sorted labels: "benign" < "malignant", whatever the
            // order of the dataset's numeric coding.
            #expect(model.classes == ["benign", "malignant"])
            #expect(model.classes == c.classes?.strings)
            #expect(model.coefficients.rows == 1)
            try expectLogistic(model, matches: c, on: data.x, predictions: try #require(c.predictions.strings))
        }
    }

    @Test(arguments: [LogisticRegression.Solver.automatic, .newton, .lbfgs])
    func multinomialLogisticRegressionMatchesScikitLearnOnIrisAndWine(solver: LogisticRegression.Solver) throws {
        let reference = try SklearnReference.get()
        let iris = reference.cases(model: "logistic").filter { $0.dataset == "iris" }
        let wine = reference.cases(model: "logistic").filter { $0.dataset == "wine" }
        #expect(iris.count == 3 && wine.count == 1)
        for c in iris {
            let data = try #require(reference.datasets[c.dataset])
            let labels = try #require(data.y.integers)
            let model = try LogisticRegression(C: try #require(c.C), fitIntercept: c.fitIntercept, tol: 1e-10, maxIter: 10_000, solver: solver)
                .fit(data.x, labels)
            #expect(model.classes == [0, 1, 2])
            #expect(model.coefficients.rows == 3)
            try expectLogistic(model, matches: c, on: data.x, predictions: try #require(c.predictions.integers))
        }
        for c in wine {
            let data = try #require(reference.datasets[c.dataset])
            let labels = try #require(data.y.strings)
            let model = try LogisticRegression(C: try #require(c.C), fitIntercept: c.fitIntercept, tol: 1e-10, maxIter: 10_000, solver: solver)
                .fit(data.x, labels)
            #expect(model.classes == ["class_0", "class_1", "class_2"])
            try expectLogistic(model, matches: c, on: data.x, predictions: try #require(c.predictions.strings))
        }
    }

    /// Converged to near machine precision, Newton's method lands on scikit-learn's
    /// newton-cholesky solution (itself converged to machine precision).
    @Test func newtonMatchesScikitLearnsNewtonCholeskyToNearMachinePrecision() throws {
        let reference = try SklearnReference.get()
        for c in reference.cases(model: "logistic") {
            let data = try #require(reference.datasets[c.dataset])
            let tight = try #require(c.tight)
            let fit = LogisticRegression(C: try #require(c.C), fitIntercept: c.fitIntercept, tol: 1e-14, maxIter: 100, solver: .newton)
            let coefficients: [Double], intercepts: [Double], probabilities: Matrix, converged: Bool
            if let labels = data.y.strings {
                let model = try fit.fit(data.x, labels)
                (coefficients, intercepts, probabilities, converged) = (model.coefficients.rowArrays.flatMap { $0 }, model.intercepts, try model.predictProbabilities(data.x), model.converged)
            } else {
                let model = try fit.fit(data.x, try #require(data.y.integers))
                (coefficients, intercepts, probabilities, converged) = (model.coefficients.rowArrays.flatMap { $0 }, model.intercepts, try model.predictProbabilities(data.x), model.converged)
            }
            let errors = [
                maxRelativeDifference(coefficients, tight.coefficients.flatMap { $0 }),
                c.fitIntercept ? maxRelativeDifference(intercepts, tight.intercepts) : maxAbs(intercepts),
                maxRelativeDifference(probabilities.values, tight.probabilities.values, floor: 1e-12),
            ]
            print("\(c.label), newton to 1e-14 (converged: \(converged)) vs scikit-learn newton-cholesky: max relative difference coef \(errors[0]), intercept \(errors[1]), probabilities \(errors[2])")
            #expect(errors.allSatisfy { $0 <= 1e-11 }, "\(c.label)")
        }
    }

    @Test func referencesComeFromScikitLearnItself() throws {
        let reference = try SklearnReference.get()
        #expect(reference.versions["sklearn"] != nil)
        #expect(reference.datasets["diabetes"]?.x.rows == 442)
        #expect(reference.datasets["diabetes"]?.x.columns == 10)
        #expect(reference.datasets["breast_cancer"]?.x.columns == 30)
        #expect(reference.datasets["iris"]?.x.rows == 150)
        #expect(reference.datasets["wine"]?.x.columns == 13)
    }

    // MARK: - Comparisons

    private func expectRegression(_ model: LinearRegressionModel, matches c: SklearnReference.Case, on x: Matrix,
                                  tolerance: Double, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try #require(c.predictions.numbers)
        let coefficientError = maxRelativeDifference(model.coefficients, c.coefficients[0])
        let interceptError = c.fitIntercept
            ? maxRelativeDifference([model.intercept], c.intercepts)
            : abs(model.intercept - c.intercepts[0])
        let predictionError = maxRelativeDifference(try model.predict(x), expected)
        print("\(c.label): max relative difference coef \(coefficientError), intercept \(interceptError), predictions \(predictionError)")
        #expect(coefficientError <= tolerance, "\(c.label): coefficients", sourceLocation: sourceLocation)
        #expect(interceptError <= tolerance, "\(c.label): intercept", sourceLocation: sourceLocation)
        #expect(predictionError <= tolerance, "\(c.label): predictions", sourceLocation: sourceLocation)
    }

    private func expectLogistic<Label>(_ model: LogisticRegressionModel<Label>, matches c: SklearnReference.Case, on x: Matrix,
                                       predictions expectedPredictions: [Label],
                                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let tolerance = 1e-4
        #expect(model.converged, "\(c.label): did not converge (gradient \(model.gradientNorm))", sourceLocation: sourceLocation)
        #expect(model.gradientNorm <= 1e-10, sourceLocation: sourceLocation)
        let coefficientError = maxRelativeDifference(model.coefficients.rowArrays.flatMap { $0 }, c.coefficients.flatMap { $0 })
        let interceptError = c.fitIntercept
            ? maxRelativeDifference(model.intercepts, c.intercepts)
            : maxAbs(model.intercepts)
        let expectedProbabilities = try #require(c.probabilities)
        let probabilities = try model.predictProbabilities(x)
        #expect(probabilities.rows == x.rows && probabilities.columns == model.classes.count, sourceLocation: sourceLocation)
        // Relative, with a floor of 1e-12 for the probabilities that round to nothing.
        let probabilityError = maxRelativeDifference(probabilities.values, expectedProbabilities.values, floor: 1e-12)
        print("\(c.label), \(model.solver) in \(model.iterations) iterations (scikit-learn's lbfgs: \(c.iterations ?? -1)): "
            + "max relative difference coef \(coefficientError), intercept \(interceptError), probabilities \(probabilityError)")
        #expect(coefficientError <= tolerance, "\(c.label): coefficients", sourceLocation: sourceLocation)
        #expect(interceptError <= tolerance, "\(c.label): intercepts", sourceLocation: sourceLocation)
        #expect(probabilityError <= tolerance, "\(c.label): probabilities", sourceLocation: sourceLocation)
        #expect(try model.predict(x) == expectedPredictions, "\(c.label): predicted labels", sourceLocation: sourceLocation)
        // Against scikit-learn's tightly converged newton-cholesky solution, much closer.
        let tight = try #require(c.tight)
        // Both are limited by how far a gradient of 1e-10 leaves each from the optimum; L-BFGS
        // ends nearer 1e-10 than Newton's last quadratic step.
        let tightTolerance = model.solver == .lbfgs ? 1e-5 : 1e-6
        let tightCoefficientError = maxRelativeDifference(model.coefficients.rowArrays.flatMap { $0 }, tight.coefficients.flatMap { $0 })
        let tightInterceptError = c.fitIntercept ? maxRelativeDifference(model.intercepts, tight.intercepts) : 0
        let tightProbabilityError = maxRelativeDifference(probabilities.values, tight.probabilities.values, floor: 1e-12)
        print("\(c.label), \(model.solver): vs scikit-learn newton-cholesky: max relative difference coef \(tightCoefficientError), "
            + "intercept \(tightInterceptError), probabilities \(tightProbabilityError)")
        #expect(tightCoefficientError <= tightTolerance, "\(c.label): coefficients vs newton-cholesky", sourceLocation: sourceLocation)
        #expect(tightInterceptError <= tightTolerance, "\(c.label): intercepts vs newton-cholesky", sourceLocation: sourceLocation)
        #expect(tightProbabilityError <= tightTolerance, "\(c.label): probabilities vs newton-cholesky", sourceLocation: sourceLocation)
        // Each row of probabilities sums to one.
        for i in 0..<probabilities.rows {
            #expect(abs(probabilities.row(i).reduce(0, +) - 1) < 1e-12, sourceLocation: sourceLocation)
        }
    }
}

func maxAbs(_ values: [Double]) -> Double { values.reduce(0) { max($0, abs($1)) } }
