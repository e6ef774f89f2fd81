import SluiceKit

/// Stage `impute`: fills missing values (nulls, and NaN in float columns) with a value
/// fitted on `train`, in `train` and `test`.
///
/// - `strategy`: `mean` (default) and `median` of the present values, for float and
///   integer columns only (an integer column filled with a mean or median becomes
///   float64); `most_frequent` for any column (ties go to the smallest value: numbers
///   numerically, text by Unicode order, false before true); `constant` fills
///   `fill_value`, which must suit the column: a number (a whole number for an integer
///   column), a string for a string or categorical column (a new category is added),
///   a boolean for a bool column.
/// - `columns` defaults to every column except the target that has missing values in
///   train or test.
/// - Output `imputer` (and artifact `imputer.json`): `{"version":1,"strategy":S,
///   "columns":{COLUMN:{"value":V,"type":OUTPUT TYPE}}}`, columns in table order.
struct Impute: Transformer {
    enum Strategy: String, Decodable {
        case mean, median
        case mostFrequent = "most_frequent"
        case constant
    }

    struct Config: Decodable {
        var strategy: Strategy?
        var fillValue: ScalarValue?
        var columns: [String]?

        enum CodingKeys: String, CodingKey {
            case strategy, fillValue = "fill_value", columns
        }
    }

    static let id = "impute"
    static let summary = "Fills missing values with the mean, median or most frequent value of train, or a constant"
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,
         "properties":{
           "strategy":{"enum":["mean","median","most_frequent","constant"],"default":"mean",
                       "description":"how the fill value of each column is chosen"},
           "fill_value":{"type":["number","string","boolean"],"description":"the value strategy constant fills"},
           "columns":{"type":"array","items":{"type":"string","minLength":1},"minItems":1,
                      "description":"the columns to fill (default: every column with missing values except the target)"}}}
        """#
    static let inputs = TrainTest.inputs
    static let outputs = TrainTest.outputs + [
        Port("imputer", .report, description: "the fill value of each column (JSON, \(FittedImpute.mediaTypes[0]))"),
    ]

    let strategy: Strategy
    let fillValue: ScalarValue?
    let columns: [String]?
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        strategy = config.strategy ?? .mean
        if strategy == .constant, config.fillValue == nil {
            throw StageError.invalidConfig("strategy 'constant' needs 'fill_value': the value to fill missing values with")
        }
        if strategy != .constant, config.fillValue != nil {
            throw StageError.invalidConfig("'fill_value' is only used with strategy 'constant', not '\(strategy.rawValue)'; remove it or set strategy: constant")
        }
        if let columns = config.columns { try ColumnLookup.checkUnique(columns, field: "columns") }
        fillValue = config.fillValue
        columns = config.columns
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let data = try TrainTest.read(call)
        let chosen = try chosenColumns(data)
        if !chosen.isEmpty, strategy != .constant { try data.requireRows("impute (strategy \(strategy.rawValue))") }
        let fills = try chosen.map(fit)
        if fills.isEmpty { host.info("no column has missing values; the tables pass through unchanged") }
        let fitted = FittedImpute(strategy: strategy.rawValue, fills: fills)
        let train = try apply(fitted, to: data.train, tableName: "train")
        let test = try data.test.map { try apply(fitted, to: $0, tableName: "test") }
        try TrainTest.write(call, train: train, test: test)
        try publishReport(fitted.report, port: "imputer", artifact: "imputer.json", mediaType: FittedImpute.mediaTypes[0], call: call, host: host)
    }

    /// `table` imputed, saying how many values of each column were filled.
    private func apply(_ fitted: FittedImpute, to table: Table, tableName: String) throws -> Table {
        let result = try fitted.apply(table, tableName: tableName)
        for fill in fitted.fills {
            if let column = table[fill.name], column.missingCount > 0 {
                host.info("\(tableName): filled \(column.missingCount) missing value(s) of '\(fill.name)' with \(fill.value)")
            }
        }
        return result
    }

    private func chosenColumns(_ data: TrainTest) throws -> [Column] {
        guard let columns else {
            let missing = Set(data.tables.flatMap { $0.table.columns.filter { $0.missingCount > 0 }.map(\.name) })
            return data.train.columns.filter { missing.contains($0.name) && $0.name != data.train.target }
        }
        return try columns.map { name in
            let column = try ColumnLookup.require(name, in: data.train, field: "columns", tableName: "train")
            if name == data.train.target { host.warning("'columns' includes the target '\(name)': its missing values are filled too") }
            return column
        }
    }

    typealias Fill = FittedImpute.Fill

    private func fit(_ column: Column) throws -> Fill {
        let which = columns == nil ? " ('columns' is not set, so every column with missing values is imputed: list the columns to impute)" : ""
        switch strategy {
        case .mean, .median:
            guard column.type.isNumber else {
                throw StageError.invalidInput("\(column.described) cannot be imputed with strategy '\(strategy.rawValue)', which needs numbers: use strategy most_frequent or constant for it (in a second impute stage), or leave it out of 'columns'\(which)")
            }
            let values = column.presentDoubles()
            guard !values.isEmpty else { throw noValues(column) }
            let value = strategy == .mean ? values.reduce(0, +) / Double(values.count) : Self.median(values)
            return Fill(name: column.name, value: .number(value), outputType: column.type.isInteger ? .float64 : column.type)
        case .mostFrequent:
            guard let value = Self.mostFrequent(column) else { throw noValues(column) }
            return Fill(name: column.name, value: value, outputType: column.type)
        case .constant:
            return Fill(name: column.name, value: try checkedConstant(for: column), outputType: column.type)
        }
    }

    private func noValues(_ column: Column) -> StageError {
        StageError.invalidInput("column '\(column.name)' has no values in the train table (all missing), so strategy '\(strategy.rawValue)' has nothing to compute: use strategy constant, or drop the column")
    }

    /// `fill_value`, checked against the column's type.
    private func checkedConstant(for column: Column) throws -> ScalarValue {
        let value = fillValue!
        func mismatch(_ wanted: String) -> StageError {
            StageError.invalidConfig("'fill_value' \(value) is \(value.kindName), but \(column.described) needs \(wanted); impute that column in a separate stage with a suitable fill_value")
        }
        switch column.type {
        case .float64, .float32:
            guard let number = value.double else { throw mismatch("a number") }
            return .number(number)
        case .int64, .int32:
            guard value.double != nil else { throw mismatch("a whole number") }
            guard let whole = value.int64, column.type == .int64 || Int32(exactly: whole) != nil else {
                throw StageError.invalidConfig("'fill_value' \(value) does not fit \(column.described): give a whole number\(column.type == .int32 ? " within the int32 range" : "")")
            }
            return .integer(whole)
        case .bool:
            guard case .bool = value else { throw mismatch("true or false") }
            return value
        case .string, .categorical:
            guard case .string = value else { throw mismatch("a string (quote it)") }
            return value
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The most frequent present value; ties go to the smallest value.
    static func mostFrequent(_ column: Column) -> ScalarValue? {
        let rows = (0..<column.count).filter { !column.isMissing($0) }
        switch column.type {
        case .float64, .float32:
            return mode(rows.map { column.double(at: $0)! }).map(ScalarValue.number)
        case .int64, .int32:
            return mode(rows.map { column.int64(at: $0)! }).map(ScalarValue.integer)
        case .bool:
            return mode(rows.map { column.bool(at: $0)! ? 1 : 0 }).map { ScalarValue.bool($0 == 1) }
        case .string, .categorical:
            return mode(rows.map { column.string(at: $0)! }).map(ScalarValue.string)
        }
    }

    private static func mode<T: Hashable & Comparable>(_ values: [T]) -> T? {
        var counts: [T: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }

    /// `column` with its missing values replaced by `fill.value`, as `fill.outputType`.
    static func filled(_ column: Column, with fill: Fill, tableName: String = "test") throws -> Column {
        let rows = 0..<column.count
        func wrongType() -> StageError {
            StageError.invalidInput("\(column.described) in the \(tableName) table has another type than in train (\(fill.outputType.rawValue) after imputing); give both inputs the same column types")
        }
        switch fill.outputType {
        case .float64:
            guard column.type.isNumber, let value = fill.value.double else { throw wrongType() }
            return Column(column.name, doubles: rows.map { column.isMissing($0) ? value : column.double(at: $0)! })
        case .float32:
            guard column.type.isNumber, let value = fill.value.double else { throw wrongType() }
            return Column(column.name, floats: rows.map { column.isMissing($0) ? Float(value) : Float(column.double(at: $0)!) })
        case .int64:
            guard column.type.isInteger, let value = fill.value.int64 else { throw wrongType() }
            return Column(column.name, int64s: rows.map { column.int64(at: $0) ?? value })
        case .int32:
            guard column.type.isInteger, let value = fill.value.int64, let narrow = Int32(exactly: value) else { throw wrongType() }
            return Column(column.name, int32s: rows.map { column.int64(at: $0).map { Int32(truncatingIfNeeded: $0) } ?? narrow })
        case .bool:
            guard column.type == .bool, case .bool(let value) = fill.value else { throw wrongType() }
            return Column(column.name, bools: rows.map { column.bool(at: $0) ?? value })
        case .string:
            guard column.type.isText, case .string(let value) = fill.value else { throw wrongType() }
            return Column(column.name, strings: rows.map { column.string(at: $0) ?? value })
        case .categorical:
            guard column.type.isText, case .string(let value) = fill.value else { throw wrongType() }
            guard column.type == .categorical else {
                return Column(column.name, strings: rows.map { column.string(at: $0) ?? value })
            }
            var categories = column.categories
            let code = Int32(categories.firstIndex(of: value) ?? categories.count)
            if Int(code) == categories.count { categories.append(value) }
            return Column(column.name, codes: rows.map { column.code(at: $0) ?? code }, categories: categories, ordered: column.ordered)
        }
    }
}
