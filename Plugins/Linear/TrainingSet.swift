import SluiceKit
import SluiceLinear

/// The design matrix and target a stage fits on, taken from the `train` table with
/// every check a person needs a clear message for: which target, which features,
/// non-numeric columns, missing values.
struct TrainingSet {
    let features: [LinearModelArtifact.Field]
    let x: Matrix
    let target: Column
    var rows: Int { x.rows }

    init(_ table: Table, _ config: CommonConfig, stage: String) throws {
        let targetName = try Self.targetName(table, config)
        guard let target = table[targetName] else {
            throw StageError.invalidInput("the target column '\(targetName)' is not in the train table (its columns: \(Self.listed(table.columnNames))); set 'target' to one of them")
        }
        let names = config.features ?? table.columnNames.filter { $0 != targetName }
        let missing = names.filter { table[$0] == nil }
        guard missing.isEmpty else {
            throw StageError.invalidInput("'features' names \(Self.quoted(missing)), which the train table does not have (its columns: \(Self.listed(table.columnNames)))")
        }
        guard !names.isEmpty else {
            throw StageError.invalidInput("the train table has no feature columns besides the target '\(targetName)'; \(stage) needs at least one")
        }
        let columns = names.map { table[$0]! }
        let text = columns.filter { !$0.type.isNumeric }
        guard text.isEmpty else {
            let which = text.map { "'\($0.name)' (\($0.type.rawValue))" }.joined(separator: ", ")
            throw StageError.invalidInput(
                "\(stage) needs numeric features, and \(text.count == 1 ? "column" : "columns") \(which) \(text.count == 1 ? "is" : "are") not: "
                    + "encode categories with sluice.transforms/one_hot first, or leave them out with 'features'")
        }
        guard table.rowCount > 0 else {
            throw StageError.invalidInput("the train table has no rows; check the stages before this one (a filter that keeps nothing, an empty file)")
        }
        for column in columns { try Self.checkPresent(column, role: "feature") }
        features = columns.map { .init(name: $0.name, type: Self.typeName($0.type)) }
        x = try Self.matrix(columns, rows: table.rowCount)
        self.target = target
    }

    /// The target values as numbers, for regression.
    func regressionTarget(stage: String) throws -> [Double] {
        guard target.type.isNumeric else {
            throw StageError.invalidInput("the target '\(target.name)' is \(target.type.rawValue), but \(stage) predicts numbers: use sluice.linear/logistic to predict classes")
        }
        try Self.checkPresent(target, role: "target")
        return target.doubles()
    }

    private static func targetName(_ table: Table, _ config: CommonConfig) throws -> String {
        if let name = config.target { return name }
        if let name = table.target { return name }
        throw StageError.invalidInput("no target: the train table does not name one (sluice.csv/load's 'target' does) and the stage has no 'target'; set 'target' to one of: \(listed(table.columnNames))")
    }

    /// Fails on a null, NaN or infinity, naming the column and the first row.
    static func checkPresent(_ column: Column, role: String) throws {
        if column.nullCount > 0 {
            let first = (0..<column.count).first(where: column.isNull) ?? 0
            throw StageError.invalidInput("\(role) column '\(column.name)' has \(column.nullCount) missing value(s) (null), the first at row \(first): "
                + "fill them with sluice.transforms/impute, or drop those rows with sluice.transforms/filter (op: not_null)")
        }
        guard column.type == .float64 || column.type == .float32 else { return }
        let values = column.doubles()
        guard let row = values.firstIndex(where: { !$0.isFinite }) else { return }
        let bad = values.filter { !$0.isFinite }.count
        let what = values[row].isNaN ? "NaN" : "infinite"
        throw StageError.invalidInput("\(role) column '\(column.name)' has \(bad) \(what == "NaN" ? "missing" : "non-finite") value(s) (\(what)), the first at row \(row): "
            + "fill them with sluice.transforms/impute, or drop those rows with sluice.transforms/filter")
    }

    /// The protocol's type name for a column type.
    static func typeName(_ type: ColumnType) -> String {
        switch type {
        case .string, .categorical: "utf8"
        default: type.rawValue
        }
    }

    /// Column-major n x p: float64 columns are copied straight from their buffers.
    private static func matrix(_ columns: [Column], rows n: Int) throws -> Matrix {
        var values = [Double](repeating: 0, count: n * columns.count)
        try values.withUnsafeMutableBufferPointer { out in
            for (j, column) in columns.enumerated() {
                let target = out.baseAddress! + j * n
                if column.type == .float64 {
                    try column.withDoubles { source in target.update(from: source.baseAddress!, count: n) }
                } else {
                    for i in 0..<n { target[i] = column.double(at: i) ?? .nan }
                }
            }
        }
        return try Matrix(rows: n, columns: columns.count, columnMajor: values)
    }

    static func quoted(_ names: [String]) -> String { names.map { "'\($0)'" }.joined(separator: ", ") }

    static func listed(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.count <= 40 ? names.joined(separator: ", ") : names.prefix(40).joined(separator: ", ") + " and \(names.count - 40) more"
    }
}
