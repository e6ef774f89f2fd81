import SluiceKit
import SluiceMetrics

/// What a model predicted for a table, read from the protocol's prediction table:
/// "prediction" and, for classifiers, one "probability_<label>" column per class.
enum Predictions {
    case regression([Double])
    /// Class indices into the model's classes, and the probabilities when given.
    case classification(labels: [Int], probabilities: ProbabilityMatrix?)

    /// Predicts `table` with `model`; the model's own message is passed on when it
    /// cannot (a missing feature column, a wrong type).
    static func of(_ model: HostModel, on table: Table, what: String = "the test table") throws -> Predictions {
        let output: Table
        do {
            output = try model.predict(table)
        } catch let error as StageError {
            throw StageError(error.status, "the model (\(model.modelDescription.format)) cannot predict \(what): \(error.message)")
        }
        guard output.rowCount == table.rowCount else {
            throw StageError.failed("the model returned \(output.rowCount) predictions for \(table.rowCount) rows")
        }
        let description = model.modelDescription
        let predicted = try output.column(ModelDescription.predictionColumn)
        switch description.task {
        case .regression:
            guard predicted.type.isNumeric, predicted.nullCount == 0 else {
                throw StageError.failed("the model's predictions are not all numbers (\(predicted.type.rawValue), \(predicted.nullCount) null): its plugin breaks the model protocol")
            }
            return .regression(predicted.doubles())
        case .classification:
            let matcher = try matcher(for: description)
            let labels = try matcher.indices(of: predicted) { unknown in
                StageError.failed("the model predicted \(LabelMatcher.list(unknown)), which are not among its classes \(LabelMatcher.list(matcher.classes)): its plugin breaks the model protocol")
            }
            return .classification(labels: labels, probabilities: try probabilities(output, classes: matcher.classes))
        }
    }

    /// The label matcher for a classifier's classes.
    static func matcher(for description: ModelDescription) throws -> LabelMatcher {
        guard let classes = description.classes, classes.count >= 2 else {
            throw StageError.failed("the classifier describes \(description.classes?.count ?? 0) class(es); a classifier needs at least two")
        }
        return LabelMatcher(classes: classes)
    }

    private static func probabilities(_ output: Table, classes: [String]) throws -> ProbabilityMatrix? {
        let columns = classes.map { output[ModelDescription.probabilityColumn($0)] }
        guard columns.allSatisfy({ $0 != nil }) else { return nil }
        do {
            return try ProbabilityMatrix(columns: columns.map { $0!.doubles() })
        } catch {
            throw StageError.failed("the model's probabilities are unusable: \(error.message)")
        }
    }
}
