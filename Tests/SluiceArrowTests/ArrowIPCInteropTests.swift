import Foundation
@testable import SluiceArrow
@testable import SluiceSupport
import SluiceTestSupport
import Testing

/// Files Sluice writes open in pyarrow and pandas with the same values, and files they
/// write open in Sluice. These tests fail, not skip, without Python: a Sluice that
/// writes files nobody else reads has lost the point of Arrow.
@Suite struct ArrowIPCInteropTests {
    /// A table with every host type, nulls, metadata, two batches and chunks whose
    /// dictionaries differ.
    static func sample() throws -> ArrowTable {
        let schema = ArrowTableSchema([
            ArrowField("f64", .float64, metadata: ["unit": "m²"]),
            ArrowField("f32", .float32),
            ArrowField("i64", .int64, nullable: false),
            ArrowField("i32", .int32),
            ArrowField("flag", .bool),
            ArrowField("name", .utf8),
            ArrowField("tag", .dictionary(ordered: false)),
        ], metadata: ["producer": "sluice", "ключ": "значение"])
        return try ArrowTable(schema: schema, batches: [
            ArrowRecordBatch([
                .float64([1.5, nil, -0.0, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .nan, -.infinity]),
                .float32([nil, 2.25, -1, .greatestFiniteMagnitude, 0.1, .infinity, .nan]),
                .int64([.max, .min, 0, 1, -1, 2, 3]),
                .int32([7, nil, -7, .max, .min, 0, nil]),
                .bool([true, false, nil, true, false, true, true]),
                .utf8(["", nil, "héllo wörld", "東京", "🦆 a\u{0}b", "x", "y"]),
                .dictionary(["red", nil, "blue", "red", "グリーン", "red", nil]),
            ]),
            ArrowRecordBatch([
                .float64([42]), .float32([nil]), .int64([9_007_199_254_740_993]), .int32([nil]), .bool([nil]),
                .utf8(["last"]), .dictionary(["amber"]),
            ]),
        ])
    }

    @Test func aFileSluiceWritesOpensInPyarrowAndPandasWithTheSameValues() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let table = try Self.sample()
        try ArrowIPCFileWriter.write(table, to: folder.file("sample.arrow"))
        try Self.expectPythonReads(table, file: folder.file("sample.arrow"))
    }

    /// pyarrow and pandas read `file` (written from `table`, two batches) with `table`'s schema and values.
    static func expectPythonReads(_ table: ArrowTable, file: String) throws {
        let seen = try JSONDecoder().decode(PythonReading.self, from: Data(Python.run("read_ipc.py", [file]).utf8))

        #expect(seen.pyarrow.batches == 2)
        #expect(seen.pyarrow.metadata == table.schema.metadata)
        #expect(seen.pyarrow.schema.map(\.name) == table.schema.fields.map(\.name))
        #expect(seen.pyarrow.schema.map(\.type) == table.schema.fields.map(\.type.description))
        #expect(seen.pyarrow.schema.map(\.nullable) == table.schema.fields.map(\.nullable))
        #expect(seen.pyarrow.schema.map(\.metadata) == table.schema.fields.map(\.metadata))
        for (name, cells) in seen.pyarrow.columns.map({ ($0.name, $0.cells) }) {
            #expect(cells == JSONCell.cells(table.values(name)), "pyarrow column \(name)")
        }
        #expect(seen.pandas.map(\.name) == table.schema.fields.map(\.name))
        for (name, cells) in seen.pandas.map({ ($0.name, $0.cells) }) {
            // pandas turns integers with nulls into floats: compare numbers as numbers.
            #expect(JSONCell.sameNumbers(cells, JSONCell.cells(table.values(name))), "pandas column \(name): \(cells)")
        }
    }

    @Test func aFileWithNoRowsOpensInPyarrowAndPandas() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let schema = ArrowTableSchema([ArrowField("x", .float64), ArrowField("s", .utf8), ArrowField("c", .dictionary(ordered: true))])
        let batch = try ArrowRecordBatch([.float64([]), .utf8([]), .dictionary([], ordered: true)])
        for (name, batches) in [("none.arrow", []), ("empty-batch.arrow", [batch])] {
            try ArrowIPCFileWriter.write(ArrowTable(schema: schema, batches: batches), to: folder.file(name))
            let seen = try JSONDecoder().decode(PythonReading.self, from: Data(Python.run("read_ipc.py", [folder.file(name)]).utf8))
            #expect(seen.pyarrow.batches == batches.count)
            #expect(seen.pyarrow.schema.map(\.type) == schema.fields.map(\.type.description))
            #expect(seen.pyarrow.columns.allSatisfy { $0.cells.isEmpty })
            #expect(seen.pandas.map(\.name) == ["x", "s", "c"])
        }
    }

    /// What `write_ipc.py KIND` writes, and which reader reads it.
    static let pythonFiles: [(kind: String, stream: Bool)] = [
        ("feather", false), ("ipc-file", false), ("pandas", false), ("stream", true),
        // Compressed buffers: LZ4 is pyarrow's and pandas' default when writing Feather.
        ("lz4", false), ("pandas-lz4", false), ("lz4-stream", true), ("zstd", false),
    ]

    @Test(arguments: pythonFiles)
    func aFilePyarrowWritesOpensInSluiceWithTheSameValues(kind: String, stream: Bool) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file(kind + ".arrow")
        let expected = try JSONDecoder().decode(PythonTable.self, from: Data(Python.run("write_ipc.py", [kind, path]).utf8))

        let table = stream ? try ArrowIPCStreamReader.read(path) : try ArrowIPCFileReader.read(path)

        #expect(table.batches.count == expected.batches)
        #expect(table.schema.metadata == expected.metadata)
        #expect(table.schema.fields.map(\.name) == expected.schema.map(\.name))
        #expect(table.schema.fields.map(\.nullable) == expected.schema.map(\.nullable))
        if kind != "stream" {  // That script decodes its dictionaries before describing them.
            #expect(table.schema.fields.map(\.type.description) == expected.schema.map { Self.hostType($0.type) })
        }
        for (name, cells) in expected.columns.map({ ($0.name, $0.cells) }) {
            #expect(JSONCell.cells(table.values(name)) == cells, "column \(name)")
        }
    }

    /// The type Sluice holds for a pyarrow type: large strings and narrow dictionary
    /// indices are converted while reading.
    static func hostType(_ pyarrow: String) -> String {
        pyarrow.replacingOccurrences(of: "large_string", with: "string")
            .replacingOccurrences(of: #"indices=u?int(8|16|64)"#, with: "indices=int32", options: .regularExpression)
    }

    @Test func aColumnOfAnUnsupportedTypeIsRefusedByNameWithACastToTry() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("timestamp.feather")
        _ = try Python.run("write_ipc.py", ["unsupported", path])
        let error = #expect(throws: SluiceError.self) { try ArrowIPCFileReader.read(path) }
        #expect(error?.code == .arrowUnsupportedType)
        #expect(error?.message.contains("column 'when' has Arrow type Timestamp") == true)
        #expect(error?.message.contains("cast it to int64") == true)
    }
}

/// What read_ipc.py prints.
private struct PythonReading: Decodable {
    let pyarrow: PythonTable
    let pandas: [NamedCells]
}

/// A table as arrow_json.py describes it.
private struct PythonTable: Decodable {
    struct Field: Decodable {
        let name: String
        let type: String
        let nullable: Bool
        let metadata: [String: String]
    }
    let schema: [Field]
    let metadata: [String: String]
    let batches: Int?
    let columns: [NamedCells]
}

/// `[name, [cells]]`.
private struct NamedCells: Decodable {
    let name: String
    let cells: [JSONCell]

    init(from decoder: Decoder) throws {
        var pair = try decoder.unkeyedContainer()
        name = try pair.decode(String.self)
        cells = try pair.decode([JSONCell].self)
    }
}

/// One value as Python printed it.
private enum JSONCell: Decodable, Equatable, CustomStringConvertible {
    case null, bool(Bool), int(Int64), double(Double), string(String)

    /// Floats are equal when their bits are (so -0.0 is not 0.0), and NaN equals NaN.
    static func == (a: JSONCell, b: JSONCell) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.double(let x), .double(let y)): x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): x == y
        default: false
        }
    }

    private enum FloatKey: CodingKey { case f }

    init(from decoder: Decoder) throws {
        if let float = try? decoder.container(keyedBy: FloatKey.self).decode(String.self, forKey: .f) {
            guard let double = Double(float) else { throw TestSetupError("Python printed the float \(float)") }
            self = .double(double)
            return
        }
        let value = try decoder.singleValueContainer()
        if value.decodeNil() { self = .null }
        else if let bool = try? value.decode(Bool.self) { self = .bool(bool) }
        else if let int = try? value.decode(Int64.self) { self = .int(int) }
        else if let double = try? value.decode(Double.self) { self = .double(double) }
        else { self = .string(try value.decode(String.self)) }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .int(let value): "\(value)"
        case .double(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        }
    }

    /// Sluice's values as the cells pyarrow's `to_pylist` gives.
    static func cells(_ values: ArrowValues?) -> [JSONCell] {
        func map<T>(_ values: [T?], _ cell: (T) -> JSONCell) -> [JSONCell] { values.map { $0.map(cell) ?? .null } }
        switch values {
        case .float64(let values): return map(values) { .double($0) }
        case .float32(let values): return map(values) { .double(Double($0)) }
        case .int64(let values): return map(values) { .int($0) }
        case .int32(let values): return map(values) { .int(Int64($0)) }
        case .bool(let values): return map(values) { .bool($0) }
        case .utf8(let values), .dictionary(let values, _): return map(values) { .string($0) }
        case nil: return []
        }
    }

    /// Whether pandas' cells `a` agree with `b`, as far as pandas can tell: integers
    /// and floats of the same value are equal, and NaN reads as null.
    static func sameNumbers(_ a: [JSONCell], _ b: [JSONCell]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            if case .double(let nan) = y, nan.isNaN { return x == .null }
            return x == y || (x.number != nil && x.number == y.number)
        }
    }

    private var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}
