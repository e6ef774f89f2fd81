import Foundation
import SluiceLinear
import SluiceTestSupport

/// scikit-learn's fits on its bundled datasets, computed by running
/// Tests/SluiceTestSupport/Fixtures/linear/sklearn_reference.py with the project's .venv
/// python once per test process. Missing Python or scikit-learn is a failure, not a skip.
struct SklearnReference: Sendable {
    struct Dataset: Sendable {
        var x: Matrix
        var y: Labels
    }

    enum Labels: Sendable {
        case numbers([Double])
        case strings([String])

        var numbers: [Double]? { if case .numbers(let v) = self { v } else { nil } }
        var strings: [String]? { if case .strings(let v) = self { v } else { nil } }
        /// Whole numbers as Int (iris's classes 0, 1, 2).
        var integers: [Int]? { numbers.flatMap { v in v.allSatisfy { $0 == $0.rounded() } ? v.map { Int($0) } : nil } }
    }

    struct Case: Sendable {
        var dataset: String
        var model: String
        var fitIntercept: Bool
        var alpha: Double?
        var C: Double?
        var coefficients: [[Double]] // one row for regression
        var intercepts: [Double]
        var predictions: Labels
        var probabilities: Matrix?
        var classes: Labels?
        var iterations: Int?
        /// For logistic cases: scikit-learn's newton-cholesky fit of the same problem, converged
        /// to machine precision (its lbfgs stops with a gradient of about 1e-8).
        var tight: Tight?

        struct Tight: Sendable {
            var coefficients: [[Double]]
            var intercepts: [Double]
            var probabilities: Matrix
        }

        var label: String {
            var parameters = ["fit_intercept=\(fitIntercept)"]
            if let alpha { parameters.append("alpha=\(alpha)") }
            if let C { parameters.append("C=\(C)") }
            return "\(model) on \(dataset) (\(parameters.joined(separator: ", ")))"
        }
    }

    var versions: [String: String]
    var datasets: [String: Dataset]
    var cases: [Case]

    func cases(model: String) -> [Case] { cases.filter { $0.model == model } }

    static let script = TestEnvironment.fixtures + "/linear/sklearn_reference.py"
    static let python = ProcessInfo.processInfo.environment["SLUICE_PYTHON"] ?? TestEnvironment.packageRoot + "/.venv/bin/python"

    /// Computed once, on first use.
    static let shared: Result<SklearnReference, TestSetupError> = {
        do throws(TestSetupError) { return .success(try load()) } catch { return .failure(error) }
    }()

    static func get() throws -> SklearnReference { try shared.get() }

    private static func load() throws(TestSetupError) -> SklearnReference {
        let hint = "run scripts/install-deps.sh (it creates .venv/ with scikit-learn)"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestSetupError("\(python) is missing: the linear-model tests compare against scikit-learn; \(hint)")
        }
        let result: (status: Int32, stdout: String, stderr: String)
        do {
            result = try runProcess(python, [script])
        } catch {
            throw TestSetupError("could not run \(python): \(error); \(hint)")
        }
        guard result.status == 0 else {
            throw TestSetupError("\(script) failed (exit \(result.status)); \(hint)\n\(result.stderr)")
        }
        do {
            return try parse(Data(result.stdout.utf8))
        } catch {
            throw TestSetupError("could not read the output of \(script): \(error)")
        }
    }

    private static func parse(_ data: Data) throws -> SklearnReference {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let versions = root["versions"] as? [String: String],
              let datasets = root["datasets"] as? [String: [String: Any]],
              let cases = root["cases"] as? [[String: Any]]
        else { throw TestSetupError("unexpected JSON layout") }
        var parsedDatasets: [String: Dataset] = [:]
        for (name, dataset) in datasets {
            let rows = try doubles2(dataset["x"])
            parsedDatasets[name] = Dataset(x: try Matrix(rows: rows), y: try labels(dataset["y"]))
        }
        let parsedCases = try cases.map { c -> Case in
            let coefficients: [[Double]]
            let intercepts: [Double]
            if c["model"] as? String == "logistic" {
                coefficients = try doubles2(c["coef"])
                intercepts = try doubles(c["intercept"])
            } else {
                coefficients = [try doubles(c["coef"])]
                intercepts = [try double(c["intercept"])]
            }
            return Case(
                dataset: c["dataset"] as? String ?? "",
                model: c["model"] as? String ?? "",
                fitIntercept: c["fit_intercept"] as? Bool ?? true,
                alpha: c["alpha"].flatMap { try? double($0) },
                C: c["C"].flatMap { try? double($0) },
                coefficients: coefficients,
                intercepts: intercepts,
                predictions: try labels(c["predictions"]),
                probabilities: try c["proba"].map { try Matrix(rows: try doubles2($0)) },
                classes: try c["classes"].map(labels),
                iterations: c["n_iter"] as? Int,
                tight: try (c["tight"] as? [String: Any]).map {
                    Case.Tight(coefficients: try doubles2($0["coef"]), intercepts: try doubles($0["intercept"]),
                               probabilities: try Matrix(rows: try doubles2($0["proba"])))
                })
        }
        return SklearnReference(versions: versions, datasets: parsedDatasets, cases: parsedCases)
    }

    private static func double(_ value: Any?) throws -> Double {
        guard let number = value as? NSNumber else { throw TestSetupError("expected a number, got \(String(describing: value))") }
        return number.doubleValue
    }

    private static func doubles(_ value: Any?) throws -> [Double] {
        guard let array = value as? [Any] else { throw TestSetupError("expected an array") }
        return try array.map(double)
    }

    private static func doubles2(_ value: Any?) throws -> [[Double]] {
        guard let array = value as? [Any] else { throw TestSetupError("expected an array of arrays") }
        return try array.map(doubles)
    }

    private static func labels(_ value: Any?) throws -> Labels {
        guard let array = value as? [Any] else { throw TestSetupError("expected an array of labels") }
        if let strings = array as? [String] { return .strings(strings) }
        return .numbers(try array.map(double))
    }
}

/// max over i of |actual[i] − expected[i]| / max(|expected[i]|, floor).
func maxRelativeDifference(_ actual: [Double], _ expected: [Double], floor: Double = 1e-300) -> Double {
    precondition(actual.count == expected.count, "length mismatch \(actual.count) vs \(expected.count)")
    var worst = 0.0
    for (a, e) in zip(actual, expected) {
        let d = abs(a - e) / max(abs(e), floor)
        worst = max(worst, d.isNaN ? .infinity : d)
    }
    return worst
}
