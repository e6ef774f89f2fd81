import Foundation
@testable import SluiceJSON
@testable import SluicePipeline
import SluiceSupport
import SluiceTestSupport
import Testing

/// The config of `sluice.csv/load`: nulls, column selection, declared types, target,
/// categorical threshold, row limit, and the schema the host checks.
@Suite struct CSVOptionsTests {
    @Test func theDefaultNullTextsAreNullInEveryColumnType() throws {
        let input = try InputFolder()
        let path = try input.write("nulls.csv", """
            i,f,b,s
            1,1.5,true,x
            NA,N/A,null,NULL
            ,NaN,,"NA"
            4,2,false,y

            """)
        let table = try CSVLoader.table(load(path, ["categorical_threshold": .integer(0)]))
        #expect(table.types == ["int64", "double", "bool", "string"])
        #expect(table.values("i") == .int64([1, nil, nil, 4]))
        #expect(table.values("f") == .float64([1.5, nil, nil, 2]))
        #expect(table.values("b") == .bool([true, nil, nil, false]))
        #expect(table.values("s") == .utf8(["x", nil, nil, "y"]))
    }

    @Test func nullValuesCanBeReplaced() throws {
        let input = try InputFolder()
        let path = try input.write("custom.csv", "a,b\n-999,\n2,NA\n")
        let table = try CSVLoader.table(load(path, ["null_values": .array([.string("-999")]), "categorical_threshold": .integer(0)]))
        #expect(table.values("a") == .int64([nil, 2]))
        #expect(table.values("b") == .utf8(["", "NA"]))
    }

    @Test func aColumnWithOnlyNullsIsFloat64() throws {
        let input = try InputFolder()
        let path = try input.write("empty.csv", "a,b\n1,\n2,NA\n")
        let table = try CSVLoader.table(load(path))
        #expect(table.types == ["int64", "double"])
        #expect(table.values("b") == .float64([nil, nil]))
    }

    @Test func columnsKeepsTheListedColumnsInItsOrder() throws {
        let input = try InputFolder()
        let path = try input.write("cols.csv", "a,b,c,d\n1,2,3,4\n")
        let table = try CSVLoader.table(load(path, ["columns": .array([.string("c"), .string("a")])]))
        #expect(table.names == ["c", "a"])
        #expect(table.values("c") == .int64([3]))
    }

    @Test func dropLeavesColumnsOutEvenWhenTheirValuesWouldNotParse() throws {
        let input = try InputFolder()
        let path = try input.write("drop.csv", "a,b,c\n1,\"x\",3\n")
        let table = try CSVLoader.table(load(path, ["drop": .array([.string("b")])]))
        #expect(table.names == ["a", "c"])
    }

    @Test func typesOverrideInference() throws {
        let input = try InputFolder()
        let path = try input.write("typed.csv", "zip,score,ok,city,code\n01234,1,true,Paris,7\n99999,2,false,Lyon,8\n")
        let table = try CSVLoader.table(load(path, ["types": .object([
            "zip": .string("string"), "score": .string("float64"), "ok": .string("bool"), "city": .string("categorical"), "code": .string("int64"),
        ])]))
        #expect(table.types == ["string", "double", "bool", "dictionary<values=string, indices=int32, ordered=0>", "int64"])
        #expect(table.values("zip") == .utf8(["01234", "99999"]))
        #expect(table.values("score") == .float64([1, 2]))
        #expect(table.values("city") == .dictionary(["Paris", "Lyon"]))
    }

    @Test func theTargetIsRecordedInTheTableMetadata() throws {
        let input = try InputFolder()
        let path = try input.write("target.csv", "x,price\n1,10\n")
        let table = try CSVLoader.table(load(path, ["target": .string("price")]))
        #expect(table.schema.metadata["sluice.target"] == "price")
    }

    @Test func textWithFewDistinctValuesBecomesCategorical() throws {
        let input = try InputFolder()
        let rows = (0..<40).map { "\($0),\(["red", "green", "blue"][$0 % 3]),id\($0)" }
        let path = try input.write("cat.csv", "n,colour,id\n" + rows.joined(separator: "\n"))
        let table = try CSVLoader.table(load(path))
        #expect(table.types == ["int64", "dictionary<values=string, indices=int32, ordered=0>", "string"])
        #expect(table.values("colour") == .dictionary((0..<40).map { ["red", "green", "blue"][$0 % 3] }))
        let chunk = try #require(table.chunks("colour")?.first)
        #expect(chunk.dictionary?.swiftValues == .utf8(["red", "green", "blue"]), "categories in order of first appearance")

        let limited = try CSVLoader.table(load(path, ["categorical_threshold": .integer(2)]))
        #expect(limited.types[1] == "string")
        let off = try CSVLoader.table(load(path, ["categorical_threshold": .integer(0)]))
        #expect(off.types[1] == "string")
    }

    @Test func textWithDistinctValuesForHalfTheRowsStaysString() throws {
        let input = try InputFolder()
        let path = try input.write("half.csv", "k\na\nb\na\nb\n")
        #expect(try CSVLoader.table(load(path)).types == ["string"])
        let more = try input.write("more.csv", "k\na\nb\na\nb\na\n")
        #expect(try CSVLoader.table(load(more)).types == ["dictionary<values=string, indices=int32, ordered=0>"])
    }

    @Test func maxRowsStopsReadingEarly() throws {
        let input = try InputFolder()
        let path = try input.write("many.csv", "a\n" + (1...500).map(String.init).joined(separator: "\n") + "\nnot,a,row\n")
        let table = try CSVLoader.table(load(path, ["max_rows": .integer(3)]))
        #expect(table.values("a") == .int64([1, 2, 3]))
    }

    @Test func theSchemaFillsInDefaultsAndRefusesUnknownKeys() throws {
        let (plugin, stage) = try CSVLoader.catalog.stage("sluice.csv/load")
        let schema = ConfigSchema(stage.configSchema)
        let filled = schema.applyingDefaults(to: .object(["path": .string("x.csv")]))
        #expect(filled == .object([
            "path": .string("x.csv"), "header": .bool(true), "quote": .string("\""), "drop": .array([]), "types": .object([:]),
            "null_values": .array(["", "NA", "N/A", "null", "NULL", "NaN"].map(JSONValue.string)), "categorical_threshold": .integer(50),
        ]))
        #expect(schema.validate(.object(["path": .string("x.csv"), "sep": .string(";")])).count == 1)
        #expect(schema.validate(.object(["path": .string("x.csv"), "types": .object(["a": .string("float32")])])).count == 1)
        #expect(schema.validate(.object([:])).count == 1)
        #expect(plugin.id == "sluice.csv")
        #expect(stage.outputs.map(\.name) == ["data"])
    }
}
