import SluiceKit

/// The `test` input and its target column.
enum TestTable {
    /// The table on `test`; an empty table is an error (no metric means anything on it).
    static func read(_ call: StageCall, port: String = "test") throws -> Table {
        let table = try call.inputTable(port)
        guard table.rowCount > 0 else {
            throw StageError.invalidInput("the '\(port)' table has no rows: check the split or filter before this stage")
        }
        return table
    }

    /// The target column: the config's `target`, else the table's `sluice.target`
    /// metadata (set by the loader), else the target the model was trained on.
    static func target(configured: String?, table: Table, model: ModelDescription) throws -> String {
        let name = configured ?? table.target ?? (model.target.isEmpty ? nil : model.target)
        guard let name else {
            throw StageError.invalidConfig("no target column: set 'target' (the test table names none in its metadata, and neither does the model)")
        }
        guard table[name] != nil else {
            let source = configured != nil ? "'target'" : table.target != nil ? "the table's sluice.target metadata" : "the model's target"
            throw StageError.invalidInput("the test table has no target column '\(name)' (from \(source)); its columns are: \(table.columnNames.joined(separator: ", ")). Set 'target' to one of them")
        }
        return name
    }

    /// The target as numbers, for regression; nulls and text are errors.
    static func numericTarget(_ table: Table, _ name: String) throws -> [Double] {
        let column = try table.column(name)
        guard column.type.isNumeric else {
            throw StageError.invalidInput("the target '\(name)' is \(column.type.rawValue), but this model does regression and needs numbers: check 'target'")
        }
        try rejectNulls(column)
        return column.doubles()
    }

    static func rejectNulls(_ column: Column) throws {
        guard column.nullCount == 0 else {
            throw StageError.invalidInput("the target '\(column.name)' has \(column.nullCount) null(s) in the test table: drop those rows first (sluice.transforms/filter) so every row can be scored")
        }
    }
}
