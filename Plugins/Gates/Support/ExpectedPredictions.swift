import SluiceKit
import SluiceMetrics

/// The `expected` input of the equivalence gate: predictions another implementation
/// made for the same test rows (e.g. scikit-learn, before the model was exported to
/// ONNX), read as if a model had made them. The table has the protocol's prediction
/// columns: "prediction" and, for classifiers, optionally one "probability_<label>"
/// per class; one row per test row, in the same order.
enum ExpectedPredictions {
    static let port = "expected"

    /// The predictions in `table`, for a candidate doing `task` with `classes` (its
    /// class order; the table's labels and probability columns are matched to them by
    /// label, so `1`, `1.0` and `"1"` name the same class).
    static func read(_ table: Table, rows: Int, task: ModelDescription.Task, classes: [String]) throws -> Predictions {
        guard table.rowCount == rows else {
            throw StageError.invalidInput("the '\(port)' table has \(table.rowCount) rows and the test table \(rows): it must hold one prediction per test row, in the same order (write it from the same held-out rows)")
        }
        guard let predicted = table[ModelDescription.predictionColumn] else {
            throw StageError.invalidInput("the '\(port)' table has no '\(ModelDescription.predictionColumn)' column; its columns are: \(table.columnNames.joined(separator: ", ")). Name the predicted value or label '\(ModelDescription.predictionColumn)'")
        }
        guard predicted.nullCount == 0 else {
            throw StageError.invalidInput("the '\(port)' table's '\(predicted.name)' column has \(predicted.nullCount) null(s): every test row needs a prediction")
        }
        switch task {
        case .regression:
            guard predicted.type.isNumeric else {
                throw StageError.invalidInput("the '\(port)' table's '\(predicted.name)' column is \(predicted.type.rawValue), but the candidate does regression: the predictions must be numbers")
            }
            return .regression(predicted.doubles())
        case .classification:
            let matcher = LabelMatcher(classes: classes)
            let labels = try matcher.indices(of: predicted) { unknown in
                StageError.invalidInput("the '\(port)' table predicts \(LabelMatcher.list(unknown)), which are not among the candidate's classes \(LabelMatcher.list(classes)): both must be the same model")
            }
            return .classification(labels: labels, probabilities: try probabilities(table, matcher: matcher))
        }
    }

    /// The class probabilities in the candidate's class order, or nil when the table
    /// gives none (then only the labels are compared). A column for a class the
    /// candidate does not know, or some classes without one, is an error: a silently
    /// partial comparison would hide a model that differs.
    private static func probabilities(_ table: Table, matcher: LabelMatcher) throws -> ProbabilityMatrix? {
        let prefix = ModelDescription.probabilityColumn("")
        var columns = [Column?](repeating: nil, count: matcher.classes.count)
        for name in table.columnNames where name.hasPrefix(prefix) {
            let label = String(name.dropFirst(prefix.count))
            guard let c = matcher.index(of: label) else {
                throw StageError.invalidInput("the '\(port)' table has column '\(name)', but '\(label)' is not among the candidate's classes \(LabelMatcher.list(matcher.classes)): name one column probability_<label> per class of the model")
            }
            guard columns[c] == nil else {
                throw StageError.invalidInput("the '\(port)' table has two probability columns for class '\(matcher.classes[c])' ('\(columns[c]!.name)' and '\(name)'): keep one")
            }
            let column = try table.column(name)
            guard column.type.isNumeric, column.nullCount == 0 else {
                throw StageError.invalidInput("the '\(port)' table's '\(name)' column must hold a probability (a number) on every row; it is \(column.type.rawValue) with \(column.nullCount) null(s)")
            }
            columns[c] = column
        }
        if columns.allSatisfy({ $0 == nil }) { return nil }
        let missing = matcher.classes.indices.filter { columns[$0] == nil }.map { matcher.classes[$0] }
        guard missing.isEmpty else {
            throw StageError.invalidInput("the '\(port)' table has no probability column for class(es) \(LabelMatcher.list(missing)): give \(missing.map { "'\(ModelDescription.probabilityColumn($0))'" }.joined(separator: ", ")) too, or no probability column at all to compare the labels only")
        }
        do {
            return try ProbabilityMatrix(columns: columns.map { $0!.doubles() })
        } catch {
            throw StageError.invalidInput("the '\(port)' table's probabilities are unusable: \(error.message)")
        }
    }
}
