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

    /// A hash of each column's name, in column order. Tables are built and searched by
    /// name on every step of a served prediction; comparing these integers first makes
    /// the duplicate check and the lookups by name cost a string comparison only on a
    /// match, instead of one per column.
    private let nameHashes: [UInt64]

    /// A table; throws when columns differ in length or share a name.
    public init(_ columns: [Column], metadata: [String: String] = [:]) throws {
        let rows = columns.first?.count ?? 0
        if let uneven = columns.first(where: { $0.count != rows }) {
            throw StageError.invalidInput("column '\(uneven.name)' has \(uneven.count) rows, '\(columns[0].name)' has \(rows)")
        }
        let hashes = columns.map { Self.nameHash($0.name) }
        if let duplicate = Self.duplicateName(columns, hashes) {
            throw StageError.invalidInput("two columns are named '\(duplicate)'; rename one")
        }
        self.columns = columns
        self.metadata = metadata
        rowCount = rows
        nameHashes = hashes
    }

    /// The same columns with other metadata (nothing to check again).
    private init(checked table: Table, metadata: [String: String]) {
        columns = table.columns
        self.metadata = metadata
        rowCount = table.rowCount
        nameHashes = table.nameHashes
    }

    /// A name two columns share.
    private static func duplicateName(_ columns: [Column], _ hashes: [UInt64]) -> String? {
        if columns.count > 64 {
            var seen = Set<String>()
            return columns.first { !seen.insert($0.name).inserted }?.name
        }
        for index in columns.indices.dropFirst() {
            let hash = hashes[index]
            for earlier in 0..<index where hashes[earlier] == hash && columns[earlier].name == columns[index].name {
                return columns[index].name
            }
        }
        return nil
    }

    /// FNV-1a of the name's UTF-8: cheap for the short names columns have, and stable
    /// within the process, which is all a comparison needs.
    private static func nameHash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// The index of the column named `name`.
    private func index(of name: String) -> Int? {
        let hash = Self.nameHash(name)
        return nameHashes.indices.first { nameHashes[$0] == hash && columns[$0].name == name }
    }

    /// The column names, in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The column with this name, if any.
    public subscript(name: String) -> Column? {
        index(of: name).map { columns[$0] }
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
        Table(checked: self, metadata: metadata)
    }
}
