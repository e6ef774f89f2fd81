import SluiceKit

/// Maps labels as tables hold them (text, integers, booleans, whole floats) to the
/// model's classes, which the protocol gives as text. Labels match when their text
/// is equal, or when both read as the same number ("1" and 1.0).
struct LabelMatcher {
    let classes: [String]
    private let byText: [String: Int]
    private let byNumber: [Double: Int]

    init(classes: [String]) {
        self.classes = classes
        var byText: [String: Int] = [:], byNumber: [Double: Int] = [:]
        for (index, label) in classes.enumerated() {
            byText[label] = byText[label] ?? index
            if let number = Double(label) { byNumber[number] = byNumber[number] ?? index }
        }
        self.byText = byText
        self.byNumber = byNumber
    }

    /// The class index of `label`, or nil when the model has no such class.
    func index(of label: String) -> Int? {
        byText[label] ?? Double(label).flatMap { byNumber[$0] }
    }

    /// Every value of `column` as a class index. Nulls are the caller's to reject.
    /// Values the model does not know are reported with `describeUnknown`.
    func indices(of column: Column, describeUnknown: (_ unknown: [String]) -> StageError) throws -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(column.count)
        var unknown: [String] = []
        var cache: [String: Int] = [:]
        for row in 0..<column.count {
            let label = Self.text(column, row) ?? ""
            if let known = cache[label] ?? index(of: label) {
                cache[label] = known
                result.append(known)
            } else if !unknown.contains(label) {
                unknown.append(label)
                result.append(-1)
            } else {
                result.append(-1)
            }
        }
        guard unknown.isEmpty else { throw describeUnknown(unknown) }
        return result
    }

    /// Value `row` of `column` as label text: whole floats without ".0", so a float
    /// 1.0 target matches class "1".
    static func text(_ column: Column, _ row: Int) -> String? {
        switch column.type {
        case .string, .categorical: return column.string(at: row)
        case .bool: return column.bool(at: row).map { $0 ? "true" : "false" }
        case .int64, .int32: return column.int64(at: row).map { String($0) }
        case .float64, .float32:
            guard let value = column.double(at: row) else { return nil }
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        }
    }

    /// A short list of labels for messages.
    static func list(_ labels: [String], limit: Int = 8) -> String {
        let shown = labels.prefix(limit).map { "'\($0)'" }.joined(separator: ", ")
        return labels.count > limit ? shown + " and \(labels.count - limit) more" : shown
    }
}
