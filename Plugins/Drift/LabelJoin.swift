import SluiceKit

/// Pairs logged predictions with the true labels that arrived later, on key columns
/// (by default the request id, and the row within the request when the labels have
/// one). Every prediction row with a label is scored, so with the request id alone
/// one label scores every row of its request.
struct LabelJoin {
    let on: [String]
    /// Matched pairs: (prediction row, label row), in prediction order.
    let pairs: [(prediction: Int, label: Int)]
    /// Predictions with no label (or a null key).
    let unlabelled: Int
    /// Labels whose key matched no prediction (or was null).
    let unmatchedLabels: Int
    /// Label rows left out because their label value is null.
    let nullLabels: Int
    /// Prediction keys that more than one prediction row has.
    let repeatedPredictionKeys: Int

    /// The key columns: `on` as configured, else request_id, with row when both tables have it.
    static func keys(configured: [String]?, predictions: Table, labels: Table) -> [String] {
        if let configured { return configured }
        return labels["row"] != nil && predictions["row"] != nil ? ["request_id", "row"] : ["request_id"]
    }

    init(on: [String], predictions: Table, labels: Table, label: String) throws {
        self.on = on
        let predictionKeys = try Self.keyColumns(on, predictions, side: "predictions")
        let labelKeys = try Self.keyColumns(on, labels, side: "labels")
        let truth = try labels.column(label)

        // Labels by key; a key given twice has two truths, which cannot both hold.
        var labelRow: [String: Int] = [:]
        var nullLabels = 0, keyless = 0
        for row in 0..<labels.rowCount {
            if truth.isNull(row) || (truth.type.isNumeric && truth.double(at: row)?.isNaN == true) {
                nullLabels += 1
                continue
            }
            guard let key = Self.key(labelKeys, row) else { keyless += 1; continue }
            if let first = labelRow.updateValue(row, forKey: key) {
                throw StageError.invalidInput("the labels hold the key \(Self.describe(key, on)) twice (label rows \(first) and \(row)): each prediction has one true value. Remove the duplicate, or join on more columns with 'on'")
            }
        }

        var pairs: [(prediction: Int, label: Int)] = []
        var matched = Set<Int>()
        var seenKeys = Set<String>(), repeated = Set<String>()
        var unlabelled = 0
        for row in 0..<predictions.rowCount {
            guard let key = Self.key(predictionKeys, row) else { unlabelled += 1; continue }
            if !seenKeys.insert(key).inserted { repeated.insert(key) }
            guard let match = labelRow[key] else { unlabelled += 1; continue }
            pairs.append((row, match))
            matched.insert(match)
        }
        guard !pairs.isEmpty else {
            throw StageError.invalidInput(Self.noMatch(on: on, predictions: predictions.rowCount, labels: labelRow.count,
                                                       predictionKey: (0..<predictions.rowCount).lazy.compactMap { Self.key(predictionKeys, $0) }.first,
                                                       labelKey: labelRow.keys.min()))
        }
        self.pairs = pairs
        self.unlabelled = unlabelled
        self.unmatchedLabels = labelRow.count - matched.count + keyless
        self.nullLabels = nullLabels
        self.repeatedPredictionKeys = repeated.count
    }

    private static func keyColumns(_ on: [String], _ table: Table, side: String) throws -> [Column] {
        let missing = on.filter { table[$0] == nil }
        guard missing.isEmpty else {
            throw StageError.invalidInput("the \(side) table has no key column \(missing.map { "'\($0)'" }.joined(separator: ", ")) to join on (it has: \(table.columnNames.joined(separator: ", "))). Set 'on' to the columns both tables share, e.g. on: [request_id]")
        }
        return try on.map(table.column)
    }

    /// The key of `row`: its key values as text, joined; nil when one is null.
    private static func key(_ columns: [Column], _ row: Int) -> String? {
        if columns.count == 1 { return ValueText.of(columns[0], row) }
        var parts: [String] = []
        for column in columns {
            guard let text = ValueText.of(column, row) else { return nil }
            parts.append(text)
        }
        return parts.joined(separator: "\u{1F}")  // the unit separator: not in ids people write
    }

    /// "request_id=abc, row=0".
    static func describe(_ key: String, _ on: [String]) -> String {
        zip(on, key.split(separator: "\u{1F}", omittingEmptySubsequences: false)).map { "\($0)='\($1)'" }.joined(separator: ", ")
    }

    private static func noMatch(on: [String], predictions: Int, labels: Int, predictionKey: String?, labelKey: String?) -> String {
        var text = "no label matches a prediction on \(on.joined(separator: ", ")) (\(predictions) prediction row(s), \(labels) label(s) with a key and a value)"
        if let predictionKey, let labelKey {
            text += ": predictions have keys such as \(describe(predictionKey, on)), labels such as \(describe(labelKey, on))"
        } else if predictionKey == nil, predictions > 0 {
            text += ": every prediction's key is null (requests sent without an id?)"
        }
        return text + ". Check 'on', that the labels belong to this model, and that the predictions window covers the labelled requests"
    }
}
