import SluiceKit

/// The target of a classifier, read as the type its labels keep: text for strings,
/// categories and booleans, whole numbers for integer columns (and float columns that
/// only hold whole numbers, as a CSV of 0/1 often loads).
enum ClassLabels {
    case text([String])
    case integers([Int64])
    case flags([Bool])

    /// The type of the predicted label column ("utf8" or "int64").
    var labelType: String {
        if case .integers = self { return "int64" }
        return "utf8"
    }

    static func read(_ target: Column) throws -> ClassLabels {
        try TrainingSet.checkPresent(target, role: "target")
        let n = target.count
        switch target.type {
        case .string, .categorical:
            return .text((0..<n).map { target.string(at: $0) ?? "" })
        case .bool:
            return .flags((0..<n).map { target.bool(at: $0) ?? false })
        case .int64, .int32:
            return .integers((0..<n).map { target.int64(at: $0) ?? 0 })
        case .float64, .float32:
            let values = target.doubles()
            if let row = values.firstIndex(where: { $0 != $0.rounded() || abs($0) > 9.0e15 }) {
                throw StageError.invalidInput(
                    "the target '\(target.name)' holds \(values[row]) at row \(row), which is not a class label: logistic regression predicts classes "
                        + "(text or whole numbers). To predict a number, use sluice.linear/linear or sluice.linear/ridge")
            }
            return .integers(values.map { Int64($0) })
        }
    }
}
