import Foundation
import SluiceTestSupport

/// scikit-learn's values of every metric on random and edge-case predictions, made by
/// Fixtures/sklearn_metrics.py with the project's Python (`.venv`, from
/// scripts/install-deps.sh) once per test process. Missing Python or scikit-learn is
/// a test failure, not a skip.
struct SklearnMetricsReference: Sendable {
    struct Regression: Sendable {
        let name: String
        let truth: [Double]
        let predicted: [Double]
        /// Metric name → scikit-learn's value (absent where scikit-learn has none).
        let expected: [String: Double]
    }

    struct Classification: Sendable {
        let name: String
        let classCount: Int
        let truth: [Int]
        let predicted: [Int]
        let probabilities: [[Double]]
        let positive: Int
        let expected: [String: Double]
        let confusionMatrix: [[Int]]
    }

    let versions: [String: String]
    let regression: [Regression]
    let classification: [Classification]

    static let script = TestEnvironment.packageRoot + "/Tests/SluiceMetricsTests/Fixtures/sklearn_metrics.py"

    static let shared: Result<SklearnMetricsReference, TestSetupError> = {
        do throws(TestSetupError) { return .success(try load()) } catch { return .failure(error) }
    }()

    static func get() throws -> SklearnMetricsReference { try shared.get() }

    private static func load() throws(TestSetupError) -> SklearnMetricsReference {
        let output: String
        do {
            let python = try Python.interpreter()
            let result = try runProcess(python, [script], environment: ["PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"])
            guard result.status == 0 else {
                throw TestSetupError("\(script) failed (exit \(result.status)); run scripts/install-deps.sh (it installs scikit-learn into .venv/)\n\(result.stderr)")
            }
            output = result.stdout
        } catch let error as TestSetupError {
            throw error
        } catch {
            throw TestSetupError("could not run \(script): \(error)")
        }
        guard let root = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              let versions = root["versions"] as? [String: String],
              let regression = root["regression"] as? [[String: Any]],
              let classification = root["classification"] as? [[String: Any]]
        else { throw TestSetupError("unexpected output from \(script)") }
        let metricNames = ["mse", "rmse", "mae", "r2", "accuracy", "precision", "recall", "f1", "roc_auc", "log_loss"]
        func expected(_ entry: [String: Any]) -> [String: Double] {
            var values: [String: Double] = [:]
            for name in metricNames { if let value = entry[name] as? NSNumber { values[name] = value.doubleValue } }
            return values
        }
        func doubles(_ value: Any?) -> [Double] { (value as? [NSNumber] ?? []).map(\.doubleValue) }
        func ints(_ value: Any?) -> [Int] { (value as? [NSNumber] ?? []).map(\.intValue) }
        return SklearnMetricsReference(
            versions: versions,
            regression: regression.map {
                Regression(name: $0["name"] as? String ?? "", truth: doubles($0["truth"]), predicted: doubles($0["predicted"]), expected: expected($0))
            },
            classification: classification.map {
                Classification(name: $0["name"] as? String ?? "", classCount: ($0["classes"] as? NSNumber)?.intValue ?? 0,
                               truth: ints($0["truth"]), predicted: ints($0["predicted"]),
                               probabilities: ($0["probabilities"] as? [Any] ?? []).map(doubles),
                               positive: ($0["positive"] as? NSNumber)?.intValue ?? 1, expected: expected($0),
                               confusionMatrix: ($0["confusion_matrix"] as? [Any] ?? []).map(ints))
            })
    }
}
