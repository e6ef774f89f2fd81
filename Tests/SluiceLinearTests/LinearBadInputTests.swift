import Foundation
import SluiceLinear
import Testing

/// Bad input never traps: each case throws a `LinearModelError` whose message says what is
/// wrong and what to do.
@Suite struct LinearBadInputTests {
    /// 6 rows, 3 columns, full rank.
    let x = try! Matrix(rows: [
        [1, 2, 0.5], [2, 1, 1.5], [3, 5, -1], [4, 3, 2], [5, 8, 0], [6, 7, 3],
    ])
    let y: [Double] = [1, 2, 2.5, 4, 4.5, 7]

    private func error(_ body: () throws -> Void) -> LinearModelError? {
        do { try body(); return nil } catch let error as LinearModelError { return error } catch { return nil }
    }

    @Test func aDuplicatedColumnIsReportedAsCollinearAndSuggestsRidge() throws {
        let columns = (0..<3).map { Array(x.column($0)) }
        let duplicated = try Matrix(columns: columns + [columns[1]])
        let thrown = error { _ = try LinearRegression().fit(duplicated, y) }
        guard case .collinearFeatures(let groups)? = thrown else {
            Issue.record("expected collinearFeatures, got \(String(describing: thrown))")
            return
        }
        #expect(groups.count == 1)
        #expect(groups.first?.feature == 3)
        #expect(groups.first?.combination.map(\.feature) == [1])
        #expect(abs((groups.first?.combination.first?.coefficient ?? 0) - 1) < 1e-9)
        let message = thrown!.description
        #expect(message.contains("ridge"))
        #expect(message.contains("feature 3 ≈ 1 × feature 1"))
        // Ridge fits the same data.
        _ = try Ridge(alpha: 1).fit(duplicated, y)
    }

    @Test func aLinearCombinationNamesEveryFeatureInvolved() throws {
        let columns = (0..<3).map { Array(x.column($0)) }
        let combined = zip(columns[0], columns[2]).map { 2 * $0 - 0.5 * $1 + 3 }
        let thrown = error { _ = try LinearRegression().fit(try Matrix(columns: columns + [combined]), y) }
        guard case .collinearFeatures(let groups)? = thrown else {
            Issue.record("expected collinearFeatures, got \(String(describing: thrown))")
            return
        }
        #expect(groups.map(\.feature) == [3])
        let terms = groups[0].combination
        #expect(terms.map(\.feature) == [0, 2])
        #expect(abs(terms[0].coefficient - 2) < 1e-9 && abs(terms[1].coefficient + 0.5) < 1e-9)
        #expect(groups[0].involvesIntercept)
    }

    @Test func aConstantColumnIsCollinearWithTheIntercept() throws {
        let columns = (0..<3).map { Array(x.column($0)) }
        let design = try Matrix(columns: [columns[0], [Double](repeating: 0.1, count: 6), columns[2]])
        let thrown = error { _ = try LinearRegression().fit(design, y) }
        #expect(thrown?.description.contains("feature 1 is constant") == true)
        // Without an intercept the same column is an ordinary feature.
        _ = try LinearRegression(fitIntercept: false).fit(design, y)
    }

    @Test func fewerSamplesThanFeaturesIsReportedWithTheRidgeHint() throws {
        let wide = try Matrix(rows: [[1, 2, 3], [4, 5, 7], [7, 9, 1]])
        let thrown = error { _ = try LinearRegression().fit(wide, [1, 2, 3]) }
        #expect(thrown == .tooFewSamples(samples: 3, features: 3, fitIntercept: true))
        #expect(thrown?.description.contains("n_samples < n_features") == true)
        #expect(thrown?.description.contains("ridge") == true)
        // Ridge solves the underdetermined problem.
        let model = try Ridge(alpha: 0.5).fit(wide, [1, 2, 3])
        #expect(model.coefficients.count == 3)
    }

    @Test func ridgeWithoutPenaltyOnASingularDesignThrows() throws {
        let columns = (0..<3).map { Array(x.column($0)) }
        let duplicated = try Matrix(columns: columns + [columns[0]])
        let thrown = error { _ = try Ridge(alpha: 0).fit(duplicated, y) }
        guard case .singularSystem? = thrown else {
            Issue.record("expected singularSystem, got \(String(describing: thrown))")
            return
        }
        #expect(thrown!.description.contains("larger alpha"))
    }

    @Test func aSingleClassIsRejected() {
        let thrown = error { _ = try LogisticRegression().fit(x, Array(repeating: "yes", count: 6)) }
        #expect(thrown == .singleClass("every one of the 6 labels is yes"))
        #expect(thrown?.description.contains("at least two classes") == true)
    }

    @Test func nanAndInfinityAreReportedWithTheirPlace() throws {
        var withNaN = x
        withNaN[4, 2] = .nan
        for fit in fits() {
            let thrown = error { try fit(withNaN, y) }
            guard case .nonFinite(let place, let value)? = thrown else {
                Issue.record("expected nonFinite, got \(String(describing: thrown))")
                continue
            }
            #expect(place == "X column 2 at row 4", "\(String(describing: thrown))")
            #expect(value.isNaN)
        }
        var withInfinity = x
        withInfinity[0, 1] = -.infinity
        #expect(error { _ = try Ridge().fit(withInfinity, y) } == .nonFinite(place: "X column 1 at row 0", value: -.infinity))
        var badY = y
        badY[3] = .infinity
        #expect(error { _ = try LinearRegression().fit(x, badY) } == .nonFinite(place: "y at row 3", value: .infinity))
        #expect(error { _ = try LinearRegression().fit(x, badY) }?.description.contains("impute") == true)
    }

    @Test func emptyDataIsRejected() throws {
        let empty = try Matrix(rows: [], columns: 3)
        for fit in fits() {
            #expect(error { try fit(empty, []) } == .noSamples)
        }
        let noColumns = try Matrix(rows: 4, columns: 0, columnMajor: [])
        #expect(error { _ = try LinearRegression().fit(noColumns, [1, 2, 3, 4]) } == .noFeatures)
    }

    @Test func mismatchedSizesAreRejected() throws {
        for fit in fits() {
            let thrown = error { try fit(x, [1, 2, 3]) }
            #expect(thrown == .dimensionMismatch("X has 6 rows but y has 3 values"))
        }
        #expect(throws: LinearModelError.self) { try Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 3]) }
        #expect(throws: LinearModelError.self) { try Matrix(rows: [[1, 2], [3]]) }
        let model = try LinearRegression().fit(x, y)
        let thrown = error { _ = try model.predict(try Matrix(rows: [[1, 2]])) }
        #expect(thrown == .dimensionMismatch("the model has 3 features, X has 2 columns"))
        var nanRow = try Matrix(rows: [[1, 2, 3]])
        nanRow[0, 1] = .nan
        guard case .nonFinite? = error({ _ = try model.predict(nanRow) }) else {
            Issue.record("predict on NaN should throw nonFinite")
            return
        }
    }

    @Test func parametersOutsideTheirDomainAreRejected() {
        let labels = [0, 1, 0, 1, 1, 0]
        #expect(error { _ = try Ridge(alpha: -1).fit(x, y) }?.description.contains("alpha") == true)
        #expect(error { _ = try Ridge(alpha: .nan).fit(x, y) }?.description.contains("alpha") == true)
        #expect(error { _ = try LogisticRegression(C: 0).fit(x, labels) }?.description.contains("C must be") == true)
        #expect(error { _ = try LogisticRegression(tol: -1).fit(x, labels) }?.description.contains("tol") == true)
        #expect(error { _ = try LogisticRegression(maxIter: 0).fit(x, labels) }?.description.contains("maxIter") == true)
    }

    /// OLS, ridge and logistic regression, as closures over (X, y).
    private func fits() -> [(Matrix, [Double]) throws -> Void] {
        [
            { _ = try LinearRegression().fit($0, $1) },
            { _ = try Ridge(alpha: 1).fit($0, $1) },
            { x, y in _ = try LogisticRegression().fit(x, y.map { $0 > 3 }.map { $0 ? 1 : 0 }) },
        ]
    }
}
