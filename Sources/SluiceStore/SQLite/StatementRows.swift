import GRDB
import GRDBSQLite

/// Rows written through one prepared statement by binding values straight into its
/// `sqlite3_stmt`, for the store's bulk inserts (100,000 metric values from one
/// training loop). GRDB's `execute(arguments:)` boxes every value into
/// `StatementArguments` and runs its observation hooks on every row, which together
/// cost more than SQLite's own insert. Only for plain INSERTs inside a write
/// transaction the store opened itself, where no GRDB observer needs to know.
package struct StatementRows {
    private let database: Database
    private let handle: SQLiteStatement
    private var index: Int32 = 0

    /// `statement` should come from `db.cachedStatement(sql:)`, so it is compiled once.
    package init(_ statement: Statement, in database: Database) {
        self.database = database
        handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    package mutating func bind(_ value: String) {
        index += 1
        // SQLITE_TRANSIENT: SQLite copies the text, so the Swift string may go away.
        sqlite3_bind_text(handle, index, value, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    package mutating func bind(_ value: Double) {
        index += 1
        sqlite3_bind_double(handle, index, value)
    }

    package mutating func bind(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Inserts the row bound so far and makes the statement ready for the next one.
    package mutating func insert() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        index = 0
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(database.sqliteConnection)))
        }
    }
}
