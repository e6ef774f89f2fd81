import SluiceKit
import SluiceONNX

/// How a table's columns become the graph's input tensors, decided once when the model
/// loads. Converters declare inputs in one of two ways: one tensor per column ([N] or
/// [N, 1], named as the column: skl2onnx for a ColumnTransformer over a DataFrame), or
/// a single numeric [N, F] tensor of F features (the default for arrays), whose column
/// names come from the model's `sluice.features` metadata.
struct InputBinding: Sendable {
    enum Feed: Sendable {
        case column(input: String, column: String, element: ElementType, rank: Int)
        case matrix(input: String, columns: [String], element: ElementType)
    }

    let feeds: [Feed]
    /// The raw columns the model reads, with the table types they are read from.
    let features: [ModelDescription.Field]

    init(inputs: [ValueInfo], featureNames: [String]?) throws {
        guard !inputs.isEmpty else { throw StageError.invalidInput("the model's graph declares no inputs: there is nothing to feed it") }
        var feeds: [Feed] = []
        for input in inputs {
            guard case .tensor(let element, let shape) = input.type else {
                throw StageError(.unsupported, "the model's input '\(input.name)' is a \(Self.describe(input.type)), but sluice.onnx feeds only tensors from table columns")
            }
            guard Self.readable(element) else {
                throw StageError(.unsupported, "the model's input '\(input.name)' is a tensor of \(element), which no table column holds; sluice.onnx feeds float, double, integer, string and bool tensors")
            }
            let rank = shape?.count ?? 2
            let width = shape.flatMap { $0.count == 2 ? $0[1] : nil }
            if inputs.count == 1, rank == 2, width != .fixed(1) {
                guard element != .string, element != .bool else {
                    throw StageError(.unsupported, "the model's input '\(input.name)' is one \(element) tensor of several columns; sluice.onnx feeds several columns only as numbers (declare one input per column when converting)")
                }
                guard let names = featureNames else {
                    throw StageError.invalidInput(
                        "the model's input '\(input.name)' is one tensor of \(width.map(Self.describe) ?? "several") features, and nothing names the table columns that fill it: import it with sluice.onnx/import and `features: [...]` (or a `sample` table), or store their names as metadata '\(SluiceMetadata.features)' (a JSON array) when exporting")
                }
                if case .fixed(let count)? = width, count != names.count {
                    throw StageError.invalidInput("the model's input '\(input.name)' takes \(count) features, but \(names.count) column name(s) were given (\(names.joined(separator: ", "))); name exactly one column per feature, in the order the model was trained on")
                }
                feeds.append(.matrix(input: input.name, columns: names, element: element))
            } else {
                guard rank == 1 || rank == 2 else {
                    throw StageError(.unsupported, "the model's input '\(input.name)' has rank \(rank); sluice.onnx feeds columns as [N] or [N, 1] tensors, or all features as one [N, F] tensor")
                }
                let column = inputs.count == 1 ? featureNames?.first ?? input.name : input.name
                feeds.append(.column(input: input.name, column: column, element: element, rank: rank))
            }
        }
        self.feeds = feeds
        features = feeds.flatMap { feed -> [ModelDescription.Field] in
            switch feed {
            case .column(_, let column, let element, _): [.init(name: column, type: Self.columnType(element))]
            case .matrix(_, let columns, let element): columns.map { .init(name: $0, type: Self.columnType(element)) }
            }
        }
    }

    /// The graph's feeds for every row of `table`.
    func tensors(from table: Table) throws -> [String: Value] {
        var values: [String: Value] = [:]
        for feed in feeds {
            switch feed {
            case .column(let input, let name, let element, let rank):
                let column = try Self.column(name, of: table, for: input)
                let shape = rank == 2 ? [table.rowCount, 1] : [table.rowCount]
                values[input] = .tensor(try TensorFromColumns.tensor(element: element, shape: shape, columns: [column], input: input))
            case .matrix(let input, let names, let element):
                let columns = try names.map { try Self.column($0, of: table, for: input) }
                values[input] = .tensor(try TensorFromColumns.tensor(element: element, shape: [table.rowCount, names.count], columns: columns, input: input))
            }
        }
        return values
    }

    private static func column(_ name: String, of table: Table, for input: String) throws -> Column {
        guard let column = table[name] else {
            throw StageError.invalidInput("the input has no column '\(name)', which the ONNX model reads (graph input '\(input)'); it has \(listed(table.columnNames))")
        }
        return column
    }

    static func listed(_ names: [String]) -> String {
        names.isEmpty ? "no columns" : names.count <= 12 ? names.joined(separator: ", ") : names.prefix(12).joined(separator: ", ") + ", … (\(names.count) in all)"
    }

    private static func readable(_ element: ElementType) -> Bool {
        element == .float || element == .double || element == .string || element == .bool || element.isInteger
    }

    /// The table type a feature is read from: numbers as float64 (the type Sluice's
    /// loaders give), integer inputs as int64, strings as utf8.
    private static func columnType(_ element: ElementType) -> String {
        switch element {
        case .string: "utf8"
        case .bool: "bool"
        case .float, .double: "float64"
        default: "int64"
        }
    }

    private static func describe(_ dimension: Dimension) -> String {
        switch dimension {
        case .fixed(let n): "\(n)"
        case .named(let name): "'\(name)'"
        case .unknown: "an unknown number of"
        }
    }

    static func describe(_ type: ValueType) -> String {
        switch type {
        case .tensor(let element, _): "tensor of \(element)"
        case .sequenceOfMaps(let key, let value): "sequence of maps from \(key) to \(value)"
        case .other(let kind): kind
        }
    }
}
