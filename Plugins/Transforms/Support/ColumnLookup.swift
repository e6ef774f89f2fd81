import SluiceKit

/// Finds the columns a config names, with errors that list the table's columns and
/// suggest the closest name.
enum ColumnLookup {
    /// The column named `name` in `table`, or an `invalidConfig` error saying which
    /// config field named it, the closest column name and every column there is.
    static func require(_ name: String, in table: Table, field: String, tableName: String = "input") throws -> Column {
        if let column = table[name] { return column }
        throw StageError.invalidConfig(unknown(name, in: table, field: field, tableName: tableName))
    }

    /// The message for a column the table does not have.
    static func unknown(_ name: String, in table: Table, field: String, tableName: String) -> String {
        let suggestion = closest(to: name, in: table.columnNames).map { " Did you mean '\($0)'?" } ?? ""
        let listing = table.columnNames.isEmpty ? "it has no columns" : "its columns: \(listed(table.columnNames))"
        return "'\(field)' names column '\(name)', which the \(tableName) table does not have.\(suggestion) (\(listing))"
    }

    /// Names for a message: all of them up to 40, else the first 40 and how many more.
    static func listed(_ names: [String]) -> String {
        names.count <= 40 ? names.joined(separator: ", ") : names.prefix(40).joined(separator: ", ") + " and \(names.count - 40) more"
    }

    /// Checks that a list of column names from the config has no repeats.
    static func checkUnique(_ names: [String], field: String) throws {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw StageError.invalidConfig("'\(field)' lists column '\(name)' twice; list each column once")
        }
    }

    /// The column `name` of a `test` table, which must have every column the stage
    /// fitted on `train`.
    static func requireInTest(_ name: String, in test: Table, stage: String) throws -> Column {
        if let column = test[name] { return column }
        throw StageError.invalidInput(
            "the test table has no column '\(name)', which \(stage) fitted on the train table; give both inputs the same columns (its columns: \(listed(test.columnNames)))"
        )
    }
}
