import SluiceArrow
import SluiceEngine
import SluiceSupport


/// The columns a served model reads, from its description, and the checks that turn
/// decoded request columns into the table it predicts: every feature present, none
/// unknown, all of one length.
package struct FeatureSchema: Sendable {
    package let fields: [ArrowField]
    private let positions: [String: Int]

    package init(_ summary: ModelSummary, origin: String) throws(SluiceError) {
        var fields: [ArrowField] = []
        for feature in summary.features {
            guard let type = Self.type(named: feature.type) else {
                throw SluiceError(.serveUnsupportedFeature, at: origin,
                                  "the model's feature '\(feature.name)' has type '\(feature.type)', which the server cannot decode from JSON; it reads float64, float32, int64, int32, bool, utf8 and dictionary features")
            }
            fields.append(ArrowField(feature.name, type))
        }
        self.fields = fields
        positions = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    package var names: [String] { fields.map(\.name) }

    func position(of name: String) -> Int? { positions[name] }

    /// The feature list for messages: "x, y" (shortened past 20).
    var listed: String {
        names.count <= 20 ? names.joined(separator: ", ") : names.prefix(20).joined(separator: ", ") + ", … (\(names.count) in all)"
    }

    /// The table of `columns` (by feature name) in the model's feature order.
    func table(_ columns: [(name: String, builder: ColumnBuilder)]) throws(ServeError) -> ArrowTable {
        var byPosition = [ColumnBuilder?](repeating: nil, count: fields.count)
        var unknown: [String] = []
        for (name, builder) in columns {
            guard let position = positions[name] else { unknown.append(name); continue }
            guard byPosition[position] == nil else {
                throw .badRequest("duplicate-feature", "feature '\(name)' is given twice")
            }
            byPosition[position] = builder
        }
        let missing = fields.indices.filter { byPosition[$0] == nil }.map { fields[$0].name }
        if !missing.isEmpty {
            throw .badRequest("missing-feature", "missing feature\(missing.count == 1 ? "" : "s") \(Self.quoted(missing)); the model reads \(listed)")
        }
        if !unknown.isEmpty {
            throw .badRequest("unknown-feature", "unknown feature\(unknown.count == 1 ? "" : "s") \(Self.quoted(unknown)); the model reads \(listed)")
        }
        let builders = byPosition.map { $0! }
        let rows = builders.first?.count ?? 0
        if let odd = builders.firstIndex(where: { $0.count != rows }) {
            throw .badRequest("wrong-shape", "feature '\(fields[odd].name)' has \(builders[odd].count) values but '\(fields[0].name)' has \(rows): give every feature one value per row")
        }
        var arrays: [ArrowArrayData] = []
        arrays.reserveCapacity(builders.count)
        for (field, builder) in zip(fields, builders) { arrays.append(try builder.build(field.type)) }
        do {
            return try ArrowTable(schema: ArrowTableSchema(fields), batches: [ArrowRecordBatch(length: rows, columns: arrays)])
        } catch {
            throw ServeError(.internalServerError, "serve.internal", "could not assemble the request table: \(error)")
        }
    }

    static func quoted(_ names: [String]) -> String {
        names.prefix(20).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 20 ? ", …" : "")
    }

    /// The Arrow type for a type name of the model protocol.
    static func type(named name: String) -> ArrowDataType? {
        switch name.lowercased() {
        case "float64", "double": .float64
        case "float32", "float": .float32
        case "int64": .int64
        case "int32": .int32
        case "bool", "boolean": .bool
        case "utf8", "string", "large_utf8": .utf8
        case "dictionary", "category", "categorical": .dictionary(ordered: false)
        default: nil
        }
    }
}
