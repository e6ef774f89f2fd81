import SluiceArrow
import SluiceSupport


/// An MLflow-style scoring request (`POST /invocations`), decoded straight into the
/// model's feature columns. Exactly one of:
///
///     {"dataframe_split": {"columns": ["x", "y"], "data": [[1, 2], [3, 4]]}}
///     {"dataframe_records": [{"x": 1, "y": 2}, {"x": 3, "y": 4}]}
///     {"instances": [{"x": 1, "y": 2}]}  or rows in feature order: [[1, 2]]
///     {"inputs": {"x": [1, 3], "y": [2, 4]}}  or like "instances"
///
/// "params" is accepted and ignored, as is dataframe_split's "index". A record
/// without a feature gives a null there (pandas' NaN), which the model may refuse.
enum InvocationsRequest {
    static let formats = ["dataframe_split", "dataframe_records", "instances", "inputs"]

    static func decode(_ body: UnsafeRawBufferPointer, features: FeatureSchema) throws(ServeError) -> ArrowTable {
        var reader = JSONReader(body)
        var table: ArrowTable?
        guard reader.peek() == UInt8(ascii: "{") else {
            throw .badRequest("wrong-format", "the body must be a JSON object with one of \(formatList)")
        }
        try reader.readObject { (reader, key) throws(ServeError) in
            let columns: [(name: String, builder: ColumnBuilder)]
            switch key {
            case "dataframe_split": columns = try readSplit(&reader, features: features)
            case "dataframe_records": columns = try readRecords(&reader, place: key)
            case "instances", "inputs":
                switch reader.peek() {
                case UInt8(ascii: "{") where key == "inputs": columns = try readColumns(&reader, place: key)
                case UInt8(ascii: "["): columns = try readList(&reader, place: key, features: features)
                default: throw .badRequest("wrong-format", "\"\(key)\" must be a list of rows\(key == "inputs" ? " or an object of columns" : ""), not \(reader.nextKind())")
                }
            case "params":
                try reader.skipValue()
                return
            default:
                throw .badRequest("wrong-format", "unknown field \"\(key)\": the body must have exactly one of \(formatList)")
            }
            guard table == nil else {
                throw .badRequest("wrong-format", "the body has more than one of \(formatList): give exactly one")
            }
            table = try features.table(columns)
        }
        try reader.expectEnd()
        guard let table else { throw .badRequest("wrong-format", "the body has none of \(formatList)") }
        return table
    }

    private static var formatList: String { formats.map { "\"\($0)\"" }.joined(separator: ", ") }

    /// {"columns": [...], "data": [[...], ...], "index": [...]}; "columns" may follow "data".
    private static func readSplit(_ reader: inout JSONReader, features: FeatureSchema) throws(ServeError) -> [(name: String, builder: ColumnBuilder)] {
        var names: [String]?
        var positional: [ColumnBuilder]?
        try reader.readObject { (reader, key) throws(ServeError) in
            switch key {
            case "columns":
                var list: [String] = []
                try reader.readArray { (reader, index) throws(ServeError) in
                    guard case .string(let name) = try reader.readScalar() else {
                        throw .badRequest("wrong-format", "dataframe_split.columns[\(index)] must be a column name (a string)")
                    }
                    list.append(name)
                }
                names = list
            case "data":
                positional = try readRows(&reader, place: "dataframe_split.data", width: names?.count)
            default:
                try reader.skipValue()
            }
        }
        guard let positional else { throw .badRequest("wrong-format", "dataframe_split has no \"data\"") }
        let columnNames = names ?? features.names
        guard columnNames.count == positional.count || positional.isEmpty else {
            throw .badRequest("wrong-shape", "dataframe_split names \(columnNames.count) columns but its rows hold \(positional.count) values")
        }
        if positional.isEmpty {
            return columnNames.map { ($0, ColumnBuilder(what: "feature '\($0)'")) }
        }
        return zip(columnNames, positional).map { ($0, $1.renamed("feature '\($0)'")) }
    }

    /// Rows as lists of values, all of one width; one builder per position.
    private static func readRows(_ reader: inout JSONReader, place: String, width: Int?) throws(ServeError) -> [ColumnBuilder] {
        var columns: [ColumnBuilder] = []
        var rows = 0
        try reader.readArray { (reader, row) throws(ServeError) in
            guard reader.peek() == UInt8(ascii: "[") else {
                throw .badRequest("wrong-shape", "\(place)[\(row)] must be a row: a list of values, not \(reader.nextKind())")
            }
            var column = 0
            try reader.readArray { (reader, index) throws(ServeError) in
                if row == 0 && index == columns.count {
                    columns.append(ColumnBuilder(what: "column \(index)", reservingCapacity: 16))
                }
                guard index < columns.count else {
                    throw .badRequest("wrong-shape", "\(place)[\(row)] has more values than the first row (\(columns.count))")
                }
                try columns[index].append(try reader.readScalar(), at: "\(place)[\(row)][\(index)]")
                column = index + 1
            }
            guard column == columns.count else {
                throw .badRequest("wrong-shape", "\(place)[\(row)] has \(column) values, the first row has \(columns.count)")
            }
            rows += 1
        }
        if let width, rows > 0, width != columns.count {
            throw .badRequest("wrong-shape", "\(place) rows hold \(columns.count) values but \(width) columns are named")
        }
        return columns
    }

    /// A list of objects, one per row; a key missing from a row is a null there.
    private static func readRecords(_ reader: inout JSONReader, place: String) throws(ServeError) -> [(name: String, builder: ColumnBuilder)] {
        var columns: [(name: String, builder: ColumnBuilder)] = []
        var positions: [String: Int] = [:]
        var rows = 0
        guard reader.peek() == UInt8(ascii: "[") else {
            throw .badRequest("wrong-format", "\"\(place)\" must be a list of records (objects), not \(reader.nextKind())")
        }
        try reader.readArray { (reader, row) throws(ServeError) in
            guard reader.peek() == UInt8(ascii: "{") else {
                throw .badRequest("wrong-format", "\(place)[\(row)] must be a record (an object), not \(reader.nextKind())")
            }
            // Keys usually come in the same order in every record: try the next
            // column first, then the lookup.
            var expected = 0
            try reader.readObject { (reader, key) throws(ServeError) in
                let position: Int
                if expected < columns.count && columns[expected].name == key {
                    position = expected
                } else if let known = positions[key] {
                    position = known
                } else {
                    position = columns.count
                    positions[key] = position
                    var builder = ColumnBuilder(what: "feature '\(key)'")
                    for _ in 0..<rows { try builder.append(.null, at: "") }
                    columns.append((key, builder))
                }
                guard columns[position].builder.count == rows else {
                    throw .badRequest("wrong-format", "\(place)[\(row)] gives \"\(key)\" twice")
                }
                try columns[position].builder.append(try reader.readScalar(), at: "\(place)[\(row)].\(key)")
                expected = position + 1
            }
            rows += 1
            for index in columns.indices where columns[index].builder.count < rows {
                try columns[index].builder.append(.null, at: "")
            }
        }
        return columns
    }

    /// {"x": [1, 2], "y": [3, 4]}: one list per feature.
    private static func readColumns(_ reader: inout JSONReader, place: String) throws(ServeError) -> [(name: String, builder: ColumnBuilder)] {
        var columns: [(name: String, builder: ColumnBuilder)] = []
        try reader.readObject { (reader, key) throws(ServeError) in
            var builder = ColumnBuilder(what: "feature '\(key)'")
            if reader.peek() == UInt8(ascii: "[") {
                try reader.readArray { (reader, index) throws(ServeError) in
                    try builder.append(try reader.readScalar(), at: "\(place).\(key)[\(index)]")
                }
            } else {
                try builder.append(try reader.readScalar(), at: "\(place).\(key)")
            }
            columns.append((key, builder))
        }
        return columns
    }

    /// "instances"/"inputs" as a list: of records, of rows in feature order, or of
    /// single values for a one-feature model. The first element decides.
    private static func readList(_ reader: inout JSONReader, place: String, features: FeatureSchema) throws(ServeError) -> [(name: String, builder: ColumnBuilder)] {
        var probe = reader
        try probe.expect(UInt8(ascii: "["), "a list")
        switch probe.peek() {
        case UInt8(ascii: "{"):
            return try readRecords(&reader, place: place)
        case UInt8(ascii: "["):
            let columns = try readRows(&reader, place: place, width: nil)
            guard columns.count == features.fields.count else {
                throw .badRequest("wrong-shape", "\(place) rows hold \(columns.count) values, the model reads \(features.fields.count) features in this order: \(features.listed)")
            }
            return zip(features.names, columns).map { ($0, $1.renamed("feature '\($0)'")) }
        case UInt8(ascii: "]"):
            return features.names.map { ($0, ColumnBuilder(what: "feature '\($0)'")) }
        default:
            guard features.fields.count == 1 else {
                throw .badRequest("wrong-shape", "\(place) is a list of single values, but the model reads \(features.fields.count) features: send records or rows (\(features.listed))")
            }
            var builder = ColumnBuilder(what: "feature '\(features.names[0])'")
            try reader.readArray { (reader, index) throws(ServeError) in
                try builder.append(try reader.readScalar(), at: "\(place)[\(index)]")
            }
            return [(features.names[0], builder)]
        }
    }
}
