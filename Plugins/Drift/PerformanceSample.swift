import SluiceKit
import SluiceMetrics

/// The labelled predictions as SluiceMetrics takes them: true and predicted values
/// (regression), or class indices and probabilities (classification).
struct PerformanceSample {
    enum Values {
        case regression(RegressionSample)
        case classification(ClassificationSample)
    }

    let values: Values
    /// Matched rows left out because the prediction is null (NaN is logged as null).
    let nullPredictions: Int
    /// Why there are no probabilities for roc_auc and log_loss (classification only).
    let probabilityNote: String?

    static let probabilityPrefix = "probability_"

    /// Classification when the prediction is text or a bool, or the table has
    /// probability columns; regression otherwise.
    static func task(of predictions: Table, prediction: Column) -> ModelTask {
        if [.string, .categorical, .bool].contains(prediction.type) { return .classification }
        return predictions.columnNames.contains { $0.hasPrefix(probabilityPrefix) } ? .classification : .regression
    }

    init(_ task: ModelTask, join: LabelJoin, predictions: Table, labels: Table, config: PerformanceConfig) throws {
        let predicted = try predictions.column(config.prediction)
        let truth = try labels.column(config.label)
        switch task {
        case .regression:
            for (column, side) in [(predicted, "prediction column '\(config.prediction)'"), (truth, "label column '\(config.label)'")]
            where !FeaturePlan.isNumber(column.type) {
                throw StageError.invalidInput("the \(side) is \(column.type.rawValue), but regression metrics need numbers. Set task: classification if the model predicts classes")
            }
            var truthValues: [Double] = [], predictedValues: [Double] = []
            var nulls = 0
            for pair in join.pairs {
                guard let value = predicted.double(at: pair.prediction), !value.isNaN else { nulls += 1; continue }
                truthValues.append(truth.double(at: pair.label)!)  // null labels were left out by the join
                predictedValues.append(value)
            }
            values = .regression(RegressionSample(truth: truthValues, predicted: predictedValues))
            nullPredictions = nulls
            probabilityNote = nil
        case .classification:
            var truthLabels: [String] = [], predictedLabels: [String] = [], rows: [Int] = []
            var nulls = 0
            for pair in join.pairs {
                guard let value = ValueText.of(predicted, pair.prediction) else { nulls += 1; continue }
                truthLabels.append(ValueText.of(truth, pair.label)!)
                predictedLabels.append(value)
                rows.append(pair.prediction)
            }
            let probabilityColumns = predictions.columns.filter { $0.name.hasPrefix(Self.probabilityPrefix) }
            let classes = ValueText.sortedLabels(Set(truthLabels + predictedLabels + probabilityColumns.map { String($0.name.dropFirst(Self.probabilityPrefix.count)) }))
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
            let positive = try Self.positive(config.positiveLabel, classes: classes)
            let (probabilities, note) = Self.probabilities(probabilityColumns, classes: classes, rows: rows)
            values = .classification(ClassificationSample(classes: classes, truth: truthLabels.map { index[$0]! },
                                                          predicted: predictedLabels.map { index[$0]! },
                                                          probabilities: probabilities, positive: positive))
            nullPredictions = nulls
            probabilityNote = note
        }
    }

    /// The value of metric `name`.
    func value(of name: String) throws(MetricError) -> Double {
        switch values {
        case .regression(let sample): try sample.value(of: name)
        case .classification(let sample): try sample.value(of: name)
        }
    }

    var rows: Int {
        switch values {
        case .regression(let sample): sample.truth.count
        case .classification(let sample): sample.truth.count
        }
    }

    /// The index of the positive class: as configured, else the second class in order
    /// (scikit-learn's label 1 of {0, 1}; "true" of {false, true}).
    private static func positive(_ label: String?, classes: [String]) throws -> Int {
        guard let label else { return min(1, max(0, classes.count - 1)) }
        guard let index = classes.firstIndex(of: label) else {
            throw StageError.invalidConfig("'positive_label' is '\(label)', which is not among the classes seen in the predictions and labels: \(classes.joined(separator: ", "))")
        }
        return index
    }

    /// The probability matrix of the scored rows, when there is one column per class
    /// and no value is missing; otherwise nil and why.
    private static func probabilities(_ columns: [Column], classes: [String], rows: [Int]) -> (ProbabilityMatrix?, String?) {
        guard !columns.isEmpty else { return (nil, "the predictions have no probability_<class> columns") }
        var byClass: [Column] = []
        for label in classes {
            guard let column = columns.first(where: { $0.name == probabilityPrefix + label }) else {
                return (nil, "there is no '\(probabilityPrefix)\(label)' column for the class '\(label)'")
            }
            guard column.type.isNumeric else { return (nil, "'\(column.name)' is \(column.type.rawValue), not numbers") }
            byClass.append(column)
        }
        var values: [Double] = []
        values.reserveCapacity(rows.count * classes.count)
        for row in rows {
            for column in byClass {
                guard let value = column.double(at: row), value.isFinite else {
                    return (nil, "'\(column.name)' is null for a labelled prediction (predictions row \(row))")
                }
                values.append(value)
            }
        }
        do {
            return (try ProbabilityMatrix(rowCount: rows.count, classCount: classes.count, values: values), nil)
        } catch {
            return (nil, error.message)
        }
    }
}
