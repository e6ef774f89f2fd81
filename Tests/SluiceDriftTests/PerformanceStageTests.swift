import Foundation
@testable import SluiceArrow
import SluiceSupport
import Testing

/// `sluice.drift/performance` through the host: logged predictions joined with true
/// labels that arrived later, scored and gated. Expected numbers are worked out by hand
/// in each test.
@Suite struct PerformanceStageTests {
    static func run(_ config: String = "{}", predictions: ArrowTable, labels: ArrowTable) throws -> DriftRun {
        try PluginStage.run("performance", config, inputs: ["predictions": .table(predictions), "labels": .table(labels)])
    }

    static func failure(_ config: String = "{}", predictions: ArrowTable, labels: ArrowTable) throws -> DriftFailure? {
        try PluginStage.failure("performance", config, inputs: ["predictions": .table(predictions), "labels": .table(labels)])
    }

    /// Five requests of one row, a–e, predicting 2, 4, 6, 8, 10.
    static func regressionLog() throws -> ArrowTable {
        try table([
            ("sqft", .float64([1, 2, 3, 4, 5])),
            ("prediction", .float64([2, 4, 6, 8, 10])),
            ("request_id", .utf8(["a", "b", "c", "d", "e"])),
            ("row", .int64([0, 0, 0, 0, 0])),
        ], metadata: ["sluice.model": "house", "sluice.window": "7d"])
    }

    @Test func regressionScoresEveryLabelledPredictionAndCountsWhatDidNotMatch() throws {
        // a: 2 vs 1, b: 4 vs 5, c: 6 vs 6, d: 8 vs 10; e has no label; z matches nothing.
        let labels = try table([("request_id", .utf8(["b", "a", "c", "d", "z"])), ("label", .float64([5, 1, 6, 10, 99]))])
        let run = try Self.run(predictions: Self.regressionLog(), labels: labels)
        let report = try run.report()
        // Errors 1, −1, 0, −2: squares sum to 6, absolutes to 4. Truth 1, 5, 6, 10 has
        // mean 5.5 and squared deviations 20.25 + 0.25 + 0.25 + 20.25 = 41.
        #expect(report["metrics", "mse"]?.doubleValue == 1.5)
        #expect(report["metrics", "rmse"]?.doubleValue == 1.5.squareRoot())
        #expect(report["metrics", "mae"]?.doubleValue == 1.0)
        #expect(abs((report["metrics", "r2"]?.doubleValue ?? 0) - 35.0 / 41.0) < 1e-15)
        #expect(report["task"] == .string("regression"), "numbers without probabilities are a regression")
        #expect(report["rows_scored"] == .integer(4))
        #expect(report["unlabelled"] == .integer(1))
        #expect(report["unmatched_labels"] == .integer(1))
        #expect(report["predictions"] == .integer(5))
        #expect(report["labels"] == .integer(5))
        #expect(report["on"] == .array([.string("request_id")]), "the labels have no row column")
        #expect(report["model"] == .string("house"))
        #expect(report["window"] == .string("7d"))
        #expect(report["passed"] == .bool(true))
        #expect(run.metrics["performance.mse"] == 1.5)
        #expect(run.metrics["performance.rows_scored"] == 4)
        #expect(run.metrics["performance.unlabelled"] == 1)
        #expect(run.metrics["performance.unmatched_labels"] == 1)
    }

    /// r1–r6 predict yes, no, yes, yes, no, no with P(yes) .9, .2, .6, .8, .4, .3; the
    /// truth is yes, no, no, yes, yes, no.
    static func classification() throws -> (ArrowTable, ArrowTable) {
        let yes = [0.9, 0.2, 0.6, 0.8, 0.4, 0.3]
        let predictions = try table([
            ("prediction", .utf8(["yes", "no", "yes", "yes", "no", "no"])),
            ("probability_no", .float64(yes.map { 1 - $0 })),
            ("probability_yes", .float64(yes)),
            ("request_id", .utf8(["r1", "r2", "r3", "r4", "r5", "r6"])),
        ])
        let labels = try table([("request_id", .utf8(["r1", "r2", "r3", "r4", "r5", "r6"])), ("label", .utf8(["yes", "no", "no", "yes", "yes", "no"]))])
        return (predictions, labels)
    }

    @Test func classificationScoresThePositiveClassAndUsesTheLoggedProbabilities() throws {
        let (predictions, labels) = try Self.classification()
        let report = try Self.run(predictions: predictions, labels: labels).report()
        #expect(report["task"] == .string("classification"))
        #expect(report["classes"] == .array([.string("no"), .string("yes")]))
        #expect(report["positive_label"] == .string("yes"), "the second class in order")
        // Right: r1, r2, r4, r6. For "yes": tp r1, r4; fp r3; fn r5.
        #expect(report["metrics", "accuracy"]?.doubleValue == 4.0 / 6.0)
        #expect(report["metrics", "precision"]?.doubleValue == 2.0 / 3.0)
        #expect(report["metrics", "recall"]?.doubleValue == 2.0 / 3.0)
        #expect(report["metrics", "f1"]?.doubleValue == 2.0 / 3.0)
        // Of the 9 (yes, no) pairs only (.4 vs .6) ranks the wrong way.
        #expect(report["metrics", "roc_auc"]?.doubleValue == 8.0 / 9.0)
        // The probability given to the true class: .9, .8, .4, .8, .4, .7.
        let logLoss = -[0.9, 0.8, 0.4, 0.8, 0.4, 0.7].map(Foundation.log).reduce(0, +) / 6
        #expect(abs((report["metrics", "log_loss"]?.doubleValue ?? 0) - logLoss) < 1e-12)

        let other = try Self.run(#"{"positive_label": "no", "metrics": ["precision"]}"#, predictions: predictions, labels: labels).report()
        // For "no": tp r2, r6; fp r5 → 2/3 as well; only precision computed.
        #expect(other["metrics"] == .object(["precision": .number(2.0 / 3.0)]))
    }

    @Test func withoutProbabilitiesTheDefaultLeavesOutTheMetricsThatNeedThem() throws {
        let (predictions, labels) = try Self.classification()
        let bare = try table([("prediction", predictions.values("prediction")!), ("request_id", predictions.values("request_id")!)])
        let report = try Self.run(predictions: bare, labels: labels).report()
        guard case .object(let metrics)? = report["metrics"] else { Issue.record("no metrics"); return }
        #expect(Set(metrics.keys) == ["accuracy", "precision", "recall", "f1"])
        let asked = try Self.run(#"{"metrics": ["accuracy", "roc_auc"]}"#, predictions: bare, labels: labels).report()
        #expect(asked["undefined", "roc_auc"] == .string("the predictions have no probability_<class> columns"))
    }

    @Test func labelsWithARowColumnAreJoinedRowByRowAndNumericIdsMatchTextIds() throws {
        // Request 1 predicted two rows, request 2 one; the CSV of labels read ids as numbers.
        let predictions = try table([
            ("prediction", .float64([10, 20, 30])),
            ("request_id", .utf8(["1", "1", "2"])),
            ("row", .int64([0, 1, 0])),
        ])
        let labels = try table([("request_id", .int64([1, 2, 1])), ("row", .int64([1, 0, 0])), ("label", .float64([21, 33, 10]))])
        let report = try Self.run(predictions: predictions, labels: labels).report()
        #expect(report["on"] == .array([.string("request_id"), .string("row")]))
        #expect(report["rows_scored"] == .integer(3))
        // Errors 0, −1, −3.
        #expect(report["metrics", "mae"]?.doubleValue == 4.0 / 3.0)
    }

    @Test func aKeyTwiceInTheLabelsIsAnErrorNamingTheKey() throws {
        let labels = try table([("request_id", .utf8(["a", "b", "a"])), ("label", .float64([1, 2, 3]))])
        let failure = try #require(try Self.failure(predictions: Self.regressionLog(), labels: labels))
        #expect(failure.error.code.id == "stage.invalid-input")
        #expect(failure.error.message.contains("the labels hold the key request_id='a' twice (label rows 0 and 2)"), "\(failure.error.message)")
    }

    @Test func labelsThatMatchNoPredictionAreAClearError() throws {
        let labels = try table([("request_id", .utf8(["x", "y"])), ("label", .float64([1, 2]))])
        let failure = try #require(try Self.failure(predictions: Self.regressionLog(), labels: labels))
        #expect(failure.error.message.contains("no label matches a prediction on request_id (5 prediction row(s), 2 label(s) with a key and a value)"), "\(failure.error.message)")
        #expect(failure.error.message.contains("predictions have keys such as request_id='a', labels such as request_id='x'"), "\(failure.error.message)")

        let unkeyed = try table([("id", .utf8(["a"])), ("label", .float64([1]))])
        let missing = try #require(try Self.failure(predictions: Self.regressionLog(), labels: unkeyed))
        #expect(missing.error.message.contains("the labels table has no key column 'request_id' to join on (it has: id, label)"), "\(missing.error.message)")
        #expect(try Self.run(#"{"on": ["request_id"]}"#, predictions: Self.regressionLog(),
                             labels: try table([("request_id", .utf8(["a"])), ("label", .float64([1]))])).report()["rows_scored"] == .integer(1))
    }

    @Test func aFailedGateFailsTheStageNamingMetricValueAndThreshold() throws {
        let (predictions, labels) = try Self.classification()
        let failure = try #require(try Self.failure(#"{"gates": {"accuracy": ">= 0.9", "recall": ">= 0.5"}}"#, predictions: predictions, labels: labels))
        #expect(failure.error.kind == .gateFailed)
        #expect(failure.error.code.id == "stage.gate-failed")
        #expect(failure.error.message.contains("accuracy = 0.6667 is not >= 0.9"), "\(failure.error.message)")
        #expect(!failure.error.message.contains("recall ="), "the passing gate is not named")
        #expect(failure.run.metrics["performance.accuracy"] == 4.0 / 6.0, "metrics are logged before the gate fails")
        #expect(failure.run.metrics["gate.accuracy"] == 0)
        #expect(failure.run.metrics["gate.recall"] == 1)

        let passed = try Self.run(#"{"gates": {"accuracy": "between 0.6 and 0.7"}}"#, predictions: predictions, labels: labels).report()
        #expect(passed["gates", 0] == .object(["metric": .string("accuracy"), "value": .number(4.0 / 6.0), "condition": .string("between 0.6 and 0.7"), "passed": .bool(true)]))
        #expect(passed["passed"] == .bool(true))
    }

    @Test func gatesOnMetricsOfTheOtherTaskOrThatDoNotReadAreConfigErrors() throws {
        let labels = try table([("request_id", .utf8(["a"])), ("label", .float64([1]))])
        let wrongTask = try #require(try Self.failure(#"{"gates": {"accuracy": ">= 0.9"}}"#, predictions: Self.regressionLog(), labels: labels))
        #expect(wrongTask.error.code == .stageInvalidConfig)
        #expect(wrongTask.error.message.contains("'accuracy' is not a regression metric"), "\(wrongTask.error.message)")
        let unreadable = try #require(try Self.failure(#"{"gates": {"r2": "=> 0.7"}}"#, predictions: Self.regressionLog(), labels: labels))
        #expect(unreadable.error.message.contains("'gates.r2'"), "\(unreadable.error.message)")
        let unknown = try #require(try Self.failure(#"{"gates": {"r3": ">= 0.7"}}"#, predictions: Self.regressionLog(), labels: labels))
        #expect(unknown.error.message.contains("'gates' names the unknown metric 'r3'"), "\(unknown.error.message)")
    }
}

/// A one-batch table with schema metadata.
func table(_ columns: [(String, ArrowValues)], metadata: [String: String]) throws -> ArrowTable {
    try ArrowTable(schema: ArrowTableSchema(columns.map { ArrowField($0.0, $0.1.type) }, metadata: metadata), batches: [ArrowRecordBatch(columns.map(\.1))])
}
