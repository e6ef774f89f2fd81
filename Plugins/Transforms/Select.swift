import SluiceKit

/// Stage `select`: keeps, drops and renames columns.
///
/// - `keep`: the columns to keep, in that order (the rest are dropped); `drop`: the
///   columns to drop. Give one of them, not both.
/// - `rename`: old name → new name, applied after `keep`/`drop`; renames may swap names.
/// - The target column is always kept: when `keep` leaves it out it is added at the
///   end (and logged); `drop` naming it is an error. A rename of the target moves the
///   table's target metadata to the new name.
struct Select: Transformer {
    struct Config: Decodable {
        var keep: [String]?
        var drop: [String]?
        var rename: [String: String]?
    }

    static let id = "select"
    static let summary = "Keeps, drops and renames columns (the target follows a rename)"
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,
         "properties":{
           "keep":{"type":"array","items":{"type":"string","minLength":1},"minItems":1,
                   "description":"the columns to keep, in this order"},
           "drop":{"type":"array","items":{"type":"string","minLength":1},"minItems":1,
                   "description":"the columns to drop"},
           "rename":{"type":"object","additionalProperties":{"type":"string","minLength":1},
                     "description":"old column name → new column name"}}}
        """#
    static let inputs = [Port("data", .table, description: "the table")]
    static let outputs = [Port("data", .table, description: "the table with the chosen columns")]
    /// Run by `sluice plugins check` (ABI 1.1 stage examples).
    static let examples = [
        StageExample("keeps and renames columns", config: .object([("keep", .array([.string("x"), .string("city")])),
                                                                  ("rename", .object([("city", .string("town"))]))]),
                     inputs: ["data": .table(["x": .float64([1.5, 2]), "city": .utf8(["a", nil]), "n": .int64([1, 2])])],
                     expectOutputs: ["data"]),
    ]

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        if config.keep != nil, config.drop != nil {
            throw StageError.invalidConfig("give 'keep' or 'drop', not both: 'keep' already drops every column it does not list")
        }
        if config.keep == nil, config.drop == nil, (config.rename ?? [:]).isEmpty {
            throw StageError.invalidConfig("select needs 'keep', 'drop' or 'rename'; as it is, it would change nothing")
        }
        try ColumnLookup.checkUnique(config.keep ?? [], field: "keep")
        try ColumnLookup.checkUnique(config.drop ?? [], field: "drop")
        let targets = (config.rename ?? [:]).sorted { $0.key < $1.key }
        var seen: [String: String] = [:]
        for (old, new) in targets {
            if let other = seen[new] {
                throw StageError.invalidConfig("'rename' gives '\(other)' and '\(old)' the same new name '\(new)'; give them different names")
            }
            seen[new] = old
        }
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let table = try call.inputTable("data")
        let target = table.target
        var columns: [Column]
        if let keep = config.keep {
            columns = try keep.map { try ColumnLookup.require($0, in: table, field: "keep") }
            if let target, table[target] != nil, !keep.contains(target) {
                columns.append(table[target]!)
                host.info("kept the target column '\(target)' as well (the target is always kept)")
            }
        } else if let drop = config.drop {
            for name in drop { _ = try ColumnLookup.require(name, in: table, field: "drop") }
            if let target, drop.contains(target) {
                throw StageError.invalidConfig("'drop' names '\(target)', the table's target column, which is always kept: remove it from 'drop'")
            }
            columns = table.columns.filter { !drop.contains($0.name) }
        } else {
            columns = table.columns
        }

        var metadata = table.metadata
        let rename = config.rename ?? [:]
        for old in rename.keys.sorted() where !columns.contains(where: { $0.name == old }) {
            if table[old] != nil {
                throw StageError.invalidConfig("'rename' names column '\(old)', which \(config.keep != nil ? "'keep' leaves out" : "'drop' removes"); keep it, or remove it from 'rename'")
            }
            _ = try ColumnLookup.require(old, in: table, field: "rename")
        }
        columns = columns.map { column in rename[column.name].map { column.renamed($0) } ?? column }
        var seen = Set<String>()
        for column in columns where !seen.insert(column.name).inserted {
            throw StageError.invalidConfig("'rename' gives a column the name '\(column.name)', which another column already has; rename or drop that one too")
        }
        if let target, let new = rename[target] {
            metadata[Table.targetKey] = new
            host.info("the target column '\(target)' is now '\(new)'")
        }
        let dropped = table.columns.count - columns.count
        host.info("selected \(columns.count) column(s), dropped \(dropped), renamed \(rename.count)")
        try call.output("data", table: try Table(columns, metadata: metadata))
    }
}
