import SluiceMetrics
import Testing

/// Every metric agrees with scikit-learn to 1e-9 (relative to the value, or absolute
/// near zero), on random predictions and on the edge cases where definitions differ
/// most: zero divisions, ties in scores, certain-and-wrong probabilities, constant
/// truth, classes never predicted, a test set of one class.
@Suite struct ScikitLearnAgreementTests {
    static let tolerance = 1e-9

    static func agree(_ actual: Double, _ expected: Double) -> Bool {
        abs(actual - expected) <= tolerance * max(1, abs(expected))
    }

    @Test func regressionMetricsMatchScikitLearn() throws {
        let reference = try SklearnMetricsReference.get()
        #expect(reference.regression.count >= 6)
        for testCase in reference.regression {
            let sample = RegressionSample(truth: testCase.truth, predicted: testCase.predicted)
            for spec in MetricCatalog.regression {
                guard let expected = testCase.expected[spec.name] else {
                    #expect(throws: MetricError.self, "\(spec.name) of '\(testCase.name)' is undefined in scikit-learn") { try sample.value(of: spec.name) }
                    continue
                }
                let actual = try sample.value(of: spec.name)
                #expect(Self.agree(actual, expected), "\(spec.name) of '\(testCase.name)': \(actual) vs scikit-learn \(expected)")
            }
        }
    }

    @Test func classificationMetricsMatchScikitLearn() throws {
        let reference = try SklearnMetricsReference.get()
        #expect(reference.classification.count >= 10)
        for testCase in reference.classification {
            let classes = (0..<testCase.classCount).map(String.init)
            let sample = ClassificationSample(
                classes: classes, truth: testCase.truth, predicted: testCase.predicted,
                probabilities: try ProbabilityMatrix(rowCount: testCase.truth.count, classCount: testCase.classCount,
                                                     values: testCase.probabilities.flatMap { $0 }),
                positive: testCase.positive)
            for spec in MetricCatalog.classification {
                guard let expected = testCase.expected[spec.name] else {
                    #expect(throws: MetricError.self, "\(spec.name) of '\(testCase.name)' is undefined in scikit-learn") { try sample.value(of: spec.name) }
                    continue
                }
                let actual = try sample.value(of: spec.name)
                #expect(Self.agree(actual, expected), "\(spec.name) of '\(testCase.name)': \(actual) vs scikit-learn \(expected)")
            }
            #expect(sample.confusionMatrix.counts == testCase.confusionMatrix, "confusion matrix of '\(testCase.name)'")
        }
    }

    @Test func theReferenceCoversTheEdgeCases() throws {
        let names = try SklearnMetricsReference.get().classification.map(\.name)
        for edge in ["never predicts positive", "certain and wrong", "one class never predicted", "one class only", "positive is the first class"] {
            #expect(names.contains(edge))
        }
    }
}
