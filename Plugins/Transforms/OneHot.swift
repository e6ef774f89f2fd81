import SluiceKit

/// Stage `one_hot`: replaces each class column by one float64 0/1 column per category
/// learnt on `train`, in place of the original column.
///
/// - New columns are named `COLUMN=VALUE`, values written as text: bool as
///   `true`/`false`, integers in decimal (e.g. `colour=red`, `rooms=3`, `flag=true`).
/// - Categories, per column: of a categorical column, the categories that occur in
///   train in the column's dictionary order; of the others, the distinct values of
///   train sorted (text by Unicode order, integers numerically, false before true).
/// - `columns` defaults to every string and categorical column except the target;
///   bool and integer columns can be listed; float columns cannot (bin them first).
/// - `drop_first` leaves out the first category's column (its rows are all zeros).
/// - `unseen` decides a value of `test` that train did not have: `ignore` (all zeros,
///   the default), `error` (fail naming the value and column), `other` (an extra
///   column `COLUMN=__other__`, in train and test, set for unseen values).
/// - A null gives all zeros (it is not "unseen"); impute first to encode it as a class.
/// - Output `encoding` (and artifact `encoding.json`): `{"version":1,"unseen":POLICY,
///   "drop_first":B,"columns":{COLUMN:{"categories":[...],"dropped":VALUE|null,
///   "columns":[OUTPUT COLUMN NAMES]}}}`.
struct OneHot: Transformer {
    enum Unseen: String, Decodable {
        case ignore, error, other
    }

    struct Config: Decodable {
        var columns: [String]?
        var unseen: Unseen?
        var dropFirst: Bool?

        enum CodingKeys: String, CodingKey {
            case columns, unseen, dropFirst = "drop_first"
        }
    }

    static let id = "one_hot"
    static let summary = "Encodes class columns as 0/1 columns named column=value, categories learnt on train"
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,
         "properties":{
           "columns":{"type":"array","items":{"type":"string","minLength":1},"minItems":1,
                      "description":"the columns to encode (default: every string and categorical column except the target)"},
           "unseen":{"enum":["ignore","error","other"],"default":"ignore",
                     "description":"a value train did not have: all zeros, an error, or a column=__other__ column"},
           "drop_first":{"type":"boolean","default":false,"description":"leave out each column's first category"}}}
        """#
    static let inputs = TrainTest.inputs
    static let outputs = TrainTest.outputs + [
        Port("encoding", .report, description: "the learnt categories and output columns of each column (JSON)"),
    ]

    /// The suffix of the column that flags values train did not have.
    static let otherCategory = "__other__"

    /// What is learnt for one column.
    struct Encoding {
        let name: String
        let categories: [String]
        let dropFirst: Bool
        let other: Bool
        /// Category → output column index (the dropped category has none).
        let slot: [String: Int]
        let outputNames: [String]

        init(name: String, categories: [String], dropFirst: Bool, other: Bool) {
            self.name = name
            self.categories = categories
            self.dropFirst = dropFirst
            self.other = other
            let kept = dropFirst ? Array(categories.dropFirst()) : categories
            var slot: [String: Int] = [:]
            for (index, category) in kept.enumerated() { slot[category] = index }
            self.slot = slot
            outputNames = (kept + (other ? [OneHot.otherCategory] : [])).map { "\(name)=\($0)" }
        }
    }

    let columns: [String]?
    let unseen: Unseen
    let dropFirst: Bool
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        if let columns = config.columns { try ColumnLookup.checkUnique(columns, field: "columns") }
        columns = config.columns
        unseen = config.unseen ?? .ignore
        dropFirst = config.dropFirst ?? false
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let data = try TrainTest.read(call)
        try data.requireRows("one_hot")
        let encodings = try chosenColumns(data.train).map(learn)
        if encodings.isEmpty { host.warning("no string or categorical column to encode besides the target; the tables pass through unchanged") }
        let train = try apply(encodings, to: data.train, tableName: "train")
        let test = try data.test.map { try apply(encodings, to: $0, tableName: "test") }
        try TrainTest.write(call, train: train, test: test)

        let report = JSONText.object([
            ("version", .integer(1)),
            ("unseen", .string(unseen.rawValue)),
            ("drop_first", .bool(dropFirst)),
            ("columns", .object(encodings.map { encoding in
                (encoding.name, .object([
                    ("categories", .array(encoding.categories.map(JSONText.string))),
                    ("dropped", dropFirst ? encoding.categories.first.map(JSONText.string) ?? .null : .null),
                    ("columns", .array(encoding.outputNames.map(JSONText.string))),
                ]))
            })),
        ])
        try publishReport(report, port: "encoding", artifact: "encoding.json", call: call, host: host)
        host.info("encoded \(encodings.count) column(s) into \(encodings.reduce(0) { $0 + $1.outputNames.count }) column(s)")
    }

    private func chosenColumns(_ train: Table) throws -> [Column] {
        guard let columns else {
            return train.columns.filter { $0.type.isText && $0.name != train.target }
        }
        return try columns.map { name in
            let column = try ColumnLookup.require(name, in: train, field: "columns", tableName: "train")
            try Self.checkEncodable(column)
            if name == train.target { host.warning("'columns' includes the target '\(name)': it is encoded too") }
            return column
        }
    }

    static func checkEncodable(_ column: Column) throws {
        guard column.type.isFloat else { return }
        throw StageError.invalidInput("\(column.described) cannot be one-hot encoded: its values are continuous. one_hot encodes classes (string, categorical, bool or integer columns): bin it into classes first, or leave it out of 'columns'")
    }

    private func learn(_ column: Column) throws -> Encoding {
        let seen = Set((0..<column.count).compactMap { column.isNull($0) ? nil : text(column, $0) })
        guard !seen.isEmpty else {
            throw StageError.invalidInput("column '\(column.name)' has no values in the train table (all null), so one_hot learns no category: impute it first, or leave it out of 'columns'")
        }
        let categories: [String] = switch column.type {
        case .categorical: column.categories.filter(seen.contains)
        case .int32, .int64: seen.sorted { Int64($0)! < Int64($1)! }
        case .bool: ["false", "true"].filter(seen.contains)
        default: seen.sorted()
        }
        if unseen == .other, categories.contains(Self.otherCategory) {
            throw StageError.invalidInput("column '\(column.name)' has the value '\(Self.otherCategory)', which unseen: other uses for its extra column; rename that value, or use unseen: ignore")
        }
        if dropFirst, categories.count == 1 {
            host.warning("column '\(column.name)' has a single category in train ('\(categories[0])'); with drop_first it gives no column")
        }
        return Encoding(name: column.name, categories: categories, dropFirst: dropFirst, other: unseen == .other)
    }

    /// Value `row` as the text used in category names.
    private func text(_ column: Column, _ row: Int) -> String? {
        switch column.type {
        case .bool: column.bool(at: row).map { $0 ? "true" : "false" }
        case .int32, .int64: column.int64(at: row).map { String($0) }
        default: column.string(at: row)
        }
    }

    private func apply(_ encodings: [Encoding], to table: Table, tableName: String) throws -> Table {
        var replacements: [String: [Column]] = [:]
        for encoding in encodings {
            let column = try tableName == "train" ? table.column(encoding.name) : ColumnLookup.requireInTest(encoding.name, in: table, stage: "one_hot")
            try Self.checkEncodable(column)
            let width = encoding.outputNames.count
            var values = [[Double]](repeating: [Double](repeating: 0, count: column.count), count: width)
            var unseenCount = 0
            for row in 0..<column.count {
                guard let value = text(column, row) else { continue }  // null: all zeros
                if let slot = encoding.slot[value] {
                    values[slot][row] = 1
                } else if encoding.categories.contains(value) {
                    continue  // the dropped first category: all zeros
                } else {
                    unseenCount += 1
                    switch unseen {
                    case .ignore: continue
                    case .other: values[width - 1][row] = 1
                    case .error:
                        let known = encoding.categories.prefix(20).joined(separator: ", ") + (encoding.categories.count > 20 ? ", ..." : "")
                        throw StageError.invalidInput("column '\(encoding.name)' has the value '\(value)' in the \(tableName) table (row \(row)), which train did not have (train's categories: \(known)). Set unseen: ignore or unseen: other to accept new values")
                    }
                }
            }
            if unseenCount > 0 { host.info("column '\(encoding.name)': \(unseenCount) value(s) of the \(tableName) table were unseen in train (\(unseen.rawValue))") }
            replacements[encoding.name] = zip(encoding.outputNames, values).map { Column($0.0, doubles: $0.1) }
        }
        let produced = Set(replacements.values.joined().map(\.name))
        if let clash = table.columns.first(where: { replacements[$0.name] == nil && produced.contains($0.name) }) {
            throw StageError.invalidInput("one_hot would create a column '\(clash.name)', but the \(tableName) table already has one; rename it first (select's rename)")
        }
        return try table.replacing(replacements)
    }
}
