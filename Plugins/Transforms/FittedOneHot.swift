import SluiceKit

/// What `one_hot` learnt: each column's categories and the 0/1 columns they become,
/// with the policy for values train did not have; applied to train and test by the
/// stage, and to raw rows at serving time (where `unseen: error` refuses the row).
struct FittedOneHot: FittedTransform {
    /// What is learnt for one column.
    struct Encoding {
        let name: String
        /// The column's type in train, as the protocol names it (utf8, int64, bool).
        let type: String
        let categories: [String]
        let dropFirst: Bool
        let other: Bool
        /// Category → output column index (the dropped category has none).
        let slot: [String: Int]
        let outputNames: [String]

        init(name: String, type: String, categories: [String], dropFirst: Bool, other: Bool) {
            self.name = name
            self.type = type
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

    static let mediaTypes = ["application/vnd.sluice.one-hot+json"]
    /// The loader is not told the media type: the report's first key says which it is.
    static func accepts(prefix: [UInt8]) -> Bool { prefix.starts(with: Array(#"{"version":1,"unseen":"#.utf8)) }

    let unseen: OneHot.Unseen
    let dropFirst: Bool
    let encodings: [Encoding]

    init(unseen: OneHot.Unseen, dropFirst: Bool, encodings: [Encoding]) {
        self.unseen = unseen
        self.dropFirst = dropFirst
        self.encodings = encodings
    }

    init(artifact: [UInt8]) throws {
        let json = try parseFittedReport(artifact, what: "one-hot encoding")
        guard let unseen = json["unseen"]?.stringValue.flatMap(OneHot.Unseen.init(rawValue:)) else {
            throw StageError.invalidInput("the one-hot encoding lacks a known 'unseen' policy (ignore, error or other)")
        }
        let dropFirst = json["drop_first"] == .bool(true)
        self.unseen = unseen
        self.dropFirst = dropFirst
        encodings = try (json["columns"]?.objectMembers ?? []).map { name, entry in
            guard let categories = entry["categories"]?.arrayValue?.compactMap(\.stringValue) else {
                throw StageError.invalidInput("the one-hot encoding's column '\(name)' lacks its categories")
            }
            return Encoding(name: name, type: entry["type"]?.stringValue ?? "utf8", categories: categories, dropFirst: dropFirst, other: unseen == .other)
        }
    }

    /// The stage's `encoding` report (see `OneHot`).
    var report: JSONText {
        JSONText.object([
            ("version", .integer(1)),
            ("unseen", .string(unseen.rawValue)),
            ("drop_first", .bool(dropFirst)),
            ("columns", .object(encodings.map { encoding in
                (encoding.name, .object([
                    ("type", .string(encoding.type)),
                    ("categories", .array(encoding.categories.map(JSONText.string))),
                    ("dropped", dropFirst ? encoding.categories.first.map(JSONText.string) ?? .null : .null),
                    ("columns", .array(encoding.outputNames.map(JSONText.string))),
                ]))
            })),
        ])
    }

    var transformDescription: TransformDescription {
        TransformDescription(
            format: "sluice.one-hot/1",
            inputs: encodings.map { ModelDescription.Field(name: $0.name, type: $0.type) },
            outputs: encodings.flatMap { $0.outputNames.map { ModelDescription.Field(name: $0, type: "float64") } })
    }

    /// The protocol's name for a class column's type.
    static func protocolType(_ type: ColumnType) -> String {
        switch type {
        case .bool: "bool"
        case .int32, .int64: "int64"
        default: "utf8"
        }
    }

    /// Value `row` as the text used in category names.
    static func text(_ column: Column, _ row: Int) -> String? {
        switch column.type {
        case .bool: column.bool(at: row).map { $0 ? "true" : "false" }
        case .int32, .int64: column.int64(at: row).map { String($0) }
        default: column.string(at: row)
        }
    }

    func apply(_ input: Table) throws -> Table { try encode(input, tableName: "input").table }

    /// `table` with each encoded column replaced by its 0/1 columns, and how many
    /// values of each column train did not have.
    func encode(_ table: Table, tableName: String) throws -> (table: Table, unseen: [(String, Int)]) {
        var replacements: [String: [Column]] = [:]
        var unseenCounts: [(String, Int)] = []
        for encoding in encodings {
            let column = try tableName == "train" ? table.column(encoding.name) : requireFitted(encoding.name, in: table, stage: "one_hot", tableName: tableName)
            try OneHot.checkEncodable(column)
            let width = encoding.outputNames.count
            var values = [[Double]](repeating: [Double](repeating: 0, count: column.count), count: width)
            var unseenCount = 0
            for row in 0..<column.count {
                guard let value = Self.text(column, row) else { continue }  // null: all zeros
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
            unseenCounts.append((encoding.name, unseenCount))
            replacements[encoding.name] = zip(encoding.outputNames, values).map { Column($0.0, doubles: $0.1) }
        }
        let produced = Set(replacements.values.joined().map(\.name))
        if let clash = table.columns.first(where: { replacements[$0.name] == nil && produced.contains($0.name) }) {
            throw StageError.invalidInput("one_hot would create a column '\(clash.name)', but the \(tableName) table already has one; rename it first (select's rename)")
        }
        return (try table.replacing(replacements), unseenCounts)
    }
}
