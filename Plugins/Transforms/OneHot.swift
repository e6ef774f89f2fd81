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
///   "drop_first":B,"columns":{COLUMN:{"type":T,"categories":[...],"dropped":VALUE|null,
///   "columns":[OUTPUT COLUMN NAMES]}}}`, T the column's type in train (utf8, int64, bool).
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
        Port("encoding", .report, description: "the learnt categories and output columns of each column (JSON, \(FittedOneHot.mediaTypes[0]))"),
    ]

    /// The suffix of the column that flags values train did not have.
    static let otherCategory = "__other__"

    typealias Encoding = FittedOneHot.Encoding

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
        let fitted = FittedOneHot(unseen: unseen, dropFirst: dropFirst, encodings: encodings)
        let train = try apply(fitted, to: data.train, tableName: "train")
        let test = try data.test.map { try apply(fitted, to: $0, tableName: "test") }
        try TrainTest.write(call, train: train, test: test)
        try publishReport(fitted.report, port: "encoding", artifact: "encoding.json", mediaType: FittedOneHot.mediaTypes[0], call: call, host: host)
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
        let seen = Set((0..<column.count).compactMap { column.isNull($0) ? nil : FittedOneHot.text(column, $0) })
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
        return Encoding(name: column.name, type: FittedOneHot.protocolType(column.type), categories: categories, dropFirst: dropFirst, other: unseen == .other)
    }

    /// `table` encoded, saying how many values were unseen in train.
    private func apply(_ fitted: FittedOneHot, to table: Table, tableName: String) throws -> Table {
        let (result, unseenCounts) = try fitted.encode(table, tableName: tableName)
        for (name, count) in unseenCounts where count > 0 {
            host.info("column '\(name)': \(count) value(s) of the \(tableName) table were unseen in train (\(unseen.rawValue))")
        }
        return result
    }
}
