/// A table of named, equally long columns: what flows between stages on table ports.
public struct Table: Sendable {
    /// The columns, in order.
    public let columns: [Column]
    /// Key-value metadata carried with the table (e.g. `sluice.target`).
    public let metadata: [String: String]
    /// The number of rows.
    public let rowCount: Int

    /// The metadata key naming the target column, set by loaders for later stages.
    public static let targetKey = "sluice.target"

    /// A table; throws when columns differ in length or share a name.
    public init(_ columns: [Column], metadata: [String: String] = [:]) throws {
        let rows = columns.first?.count ?? 0
        if let uneven = columns.first(where: { $0.count != rows }) {
            throw StageError.invalidInput("column '\(uneven.name)' has \(uneven.count) rows, '\(columns[0].name)' has \(rows)")
        }
        if let duplicate = Self.duplicateName(columns) {
            throw StageError.invalidInput("two columns are named '\(duplicate)'; rename one")
        }
        self.columns = columns
        self.metadata = metadata
        rowCount = rows
    }

    /// A name two columns share. Tables are built on every step of a served
    /// prediction: for the usual few dozen columns comparing pairs is cheaper than
    /// hashing every name.
    private static func duplicateName(_ columns: [Column]) -> String? {
        if columns.count > 64 {
            var seen = Set<String>()
            return columns.first { !seen.insert($0.name).inserted }?.name
        }
        for index in columns.indices.dropFirst() {
            let name = columns[index].name
            if columns[..<index].contains(where: { $0.name == name }) { return name }
        }
        return nil
    }

    /// The column names, in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The column with this name, if any.
    public subscript(name: String) -> Column? {
        columns.first { $0.name == name }
    }

    /// The column with this name, or an error listing the columns there are.
    public func column(_ name: String) throws -> Column {
        guard let column = self[name] else {
            throw StageError.invalidInput("no column '\(name)'; the table has: \(columnNames.joined(separator: ", "))")
        }
        return column
    }

    /// The target column's name, when a loader named one.
    public var target: String? { metadata[Table.targetKey] }

    /// The rows at `rows`, in that order.
    public func taking(_ rows: [Int]) -> Table {
        (try? Table(columns.map { $0.taking(rows) }, metadata: metadata)) ?? self
    }

    /// The same table with other columns (same metadata).
    public func with(columns: [Column]) throws -> Table {
        try Table(columns, metadata: metadata)
    }

    /// The same table with other metadata.
    public func with(metadata: [String: String]) -> Table {
        (try? Table(columns, metadata: metadata)) ?? self
    }
}
