import SluiceKit
import SluiceMetrics

/// The confusion matrix as reports write it: rows are true labels, columns predicted
/// labels, both in the model's class order.
enum ConfusionReport {
    static func json(_ sample: ClassificationSample) -> JSONText {
        let matrix = sample.confusionMatrix
        return .object([
            ("labels", .strings(sample.classes)),
            ("rows", .string("true")),
            ("columns", .string("predicted")),
            ("matrix", .array(matrix.counts.map { row in .array(row.map { .integer(Int64($0)) }) })),
        ])
    }
}
