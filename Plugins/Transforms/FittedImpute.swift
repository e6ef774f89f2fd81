import SluiceKit

/// What `impute` fitted: each column's fill value and the type it has after imputing,
/// applied to train and test by the stage, and to raw rows at serving time.
struct FittedImpute: FittedTransform {
    /// What is fitted for one column.
    struct Fill {
        let name: String
        let value: ScalarValue
        let outputType: ColumnType
    }

    static let mediaTypes = ["application/vnd.sluice.impute+json"]
    /// The loader is not told the media type: the report's first key says which it is.
    static func accepts(prefix: [UInt8]) -> Bool { prefix.starts(with: Array(#"{"version":1,"strategy":"#.utf8)) }

    let strategy: String
    let fills: [Fill]

    init(strategy: String, fills: [Fill]) {
        self.strategy = strategy
        self.fills = fills
    }

    init(artifact: [UInt8]) throws {
        let json = try parseFittedReport(artifact, what: "imputer")
        strategy = json["strategy"]?.stringValue ?? ""
        fills = try (json["columns"]?.objectMembers ?? []).map { name, entry in
            let value: ScalarValue? = switch entry["value"] {
            case .bool(let flag)?: .bool(flag)
            case .integer(let number)?: .integer(number)
            case .number(let number)?: .number(number)
            case .string(let text)?: .string(text)
            default: nil
            }
            guard let value, let type = entry["type"]?.stringValue.flatMap(ColumnType.init(rawValue:)) else {
                throw StageError.invalidInput("the imputer's column '\(name)' lacks a fill value or a known type")
            }
            return Fill(name: name, value: value, outputType: type)
        }
    }

    /// The stage's `imputer` report: `{"version":1,"strategy":S,"columns":{"x":{"value","type"}}}`.
    var report: JSONText {
        JSONText.object([
            ("version", .integer(1)),
            ("strategy", .string(strategy)),
            ("columns", .object(fills.map { ($0.name, .object([("value", $0.value.json), ("type", .string($0.outputType.rawValue))])) })),
        ])
    }

    var transformDescription: TransformDescription {
        let fields = fills.map { ModelDescription.Field(name: $0.name, type: Self.protocolType($0.outputType)) }
        return TransformDescription(format: "sluice.impute/1", inputs: fields, outputs: fields)
    }

    /// The protocol's name for a column type: text and categories are both utf8 to a client.
    static func protocolType(_ type: ColumnType) -> String {
        switch type {
        case .string, .categorical: "utf8"
        default: type.rawValue
        }
    }

    func apply(_ input: Table) throws -> Table { try apply(input, tableName: "input") }

    func apply(_ table: Table, tableName: String) throws -> Table {
        var replacements: [String: [Column]] = [:]
        for fill in fills {
            let column = try tableName == "train" ? table.column(fill.name) : requireFitted(fill.name, in: table, stage: "impute", tableName: tableName)
            replacements[fill.name] = [try Impute.filled(column, with: fill, tableName: tableName)]
        }
        return try table.replacing(replacements)
    }
}
