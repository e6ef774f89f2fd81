import Foundation
import SluiceSupport
import SluiceTestSupport
import Testing

/// What `sluice.csv/load` makes of well-formed CSV: types, quoting, line endings, header.
@Suite struct CSVReadingTests {
    @Test func eachColumnGetsTheNarrowestTypeThatHoldsAllItsValues() throws {
        let input = try InputFolder()
        let path = try input.write("types.csv", """
            id,price,flag,name,mixed,big
            1,2.5,true,alpha,1,9223372036854775807
            -2,3,FALSE,beta,x,1
            +3,-0.125,True,gamma,2.5,9223372036854775808

            """)
        let table = try CSVLoader.table(load(path, ["categorical_threshold": .integer(0)]))
        #expect(table.names == ["id", "price", "flag", "name", "mixed", "big"])
        #expect(table.types == ["int64", "double", "bool", "string", "string", "double"])
        #expect(table.values("id") == .int64([1, -2, 3]))
        #expect(table.values("price") == .float64([2.5, 3, -0.125]))
        #expect(table.values("flag") == .bool([true, false, true]))
        #expect(table.values("name") == .utf8(["alpha", "beta", "gamma"]))
        #expect(table.values("mixed") == .utf8(["1", "x", "2.5"]))
        #expect(table.values("big") == .float64([9223372036854775807, 1, 9223372036854775808]))
    }

    @Test func exponentsInfinitiesAndLongDecimalsParseAsCorrectlyRoundedFloats() throws {
        let input = try InputFolder()
        let values = ["1e3", "-2.5E-3", "inf", "-inf", "Infinity", ".5", "5.", "0.1", "123456789012345678901234567890",
                      "2.2250738585072014e-308", "1.7976931348623157e308", "0.30000000000000004", "-0"]
        let path = try input.write("floats.csv", "x\n" + values.joined(separator: "\n") + "\n")
        let table = try CSVLoader.table(load(path))
        #expect(table.types == ["double"])
        let expected = values.map { text -> Double? in Double(text) ?? (text == "5." ? 5 : nil) }
        #expect(table.values("x") == .float64(expected))
        guard case .float64(let parsed)? = table.values("x") else { return }
        #expect(parsed.last??.sign == .minus, "-0 keeps its sign")
    }

    @Test func sixDecimalValuesRoundExactlyLikeTheStandardLibrary() throws {
        let input = try InputFolder()
        var lines = ["x"]
        var generator = SystemRandomNumberGenerator()
        var expected: [Double?] = []
        for _ in 0..<2000 {
            let text = String(format: "%.6f", Double.random(in: -20000...20000, using: &generator))
            lines.append(text)
            expected.append(Double(text))
        }
        let path = try input.write("decimals.csv", lines.joined(separator: "\n"))
        #expect(try CSVLoader.table(load(path)).values("x") == .float64(expected))
    }

    @Test func quotedFieldsHoldDelimitersLineBreaksAndDoubledQuotes() throws {
        let input = try InputFolder()
        let path = try input.write("quoted.csv", #"""
            "id","text","n"
            1,"a, b",10
            2,"line one
            line two",20
            3,"say ""hi""",30
            4,"",40
            5,"""",50

            """#)
        let table = try CSVLoader.table(load(path, ["categorical_threshold": .integer(0)]))
        #expect(table.names == ["id", "text", "n"])
        #expect(table.values("text") == .utf8(["a, b", "line one\nline two", "say \"hi\"", nil, "\""]))
        #expect(table.values("n") == .int64([10, 20, 30, 40, 50]))
    }

    @Test func quotedNumbersAreStillNumbers() throws {
        let input = try InputFolder()
        let path = try input.write("q.csv", "a,b\n\"1\",\"2.5\"\n\"3\",\"4\"\n")
        let table = try CSVLoader.table(load(path))
        #expect(table.values("a") == .int64([1, 3]))
        #expect(table.values("b") == .float64([2.5, 4]))
    }

    @Test func crlfLineEndingsReadLikeLF() throws {
        let input = try InputFolder()
        let crlf = try input.write("crlf.csv", "a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n")
        let lf = try input.write("lf.csv", "a,b\n1,\"x\r\ny\"\n2,z\n")
        let one = try CSVLoader.table(load(crlf, ["categorical_threshold": .integer(0)]))
        let two = try CSVLoader.table(load(lf, ["categorical_threshold": .integer(0)]))
        #expect(one.names == ["a", "b"])
        #expect(one.values("a") == .int64([1, 2]))
        #expect(one.values("b") == .utf8(["x\r\ny", "z"]))
        #expect(one.values("b") == two.values("b"))
    }

    @Test func aUTF8ByteOrderMarkIsSkipped() throws {
        let input = try InputFolder()
        let path = try input.write("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("name,n\nAda,1\n".utf8))
        let table = try CSVLoader.table(load(path))
        #expect(table.names == ["name", "n"])
        #expect(table.values("n") == .int64([1]))
    }

    @Test func withoutAHeaderColumnsAreNamedColumn1ToN() throws {
        let input = try InputFolder()
        let path = try input.write("plain.csv", "1,a\n2,b\n3,a\n")
        let table = try CSVLoader.table(load(path, ["header": .bool(false), "categorical_threshold": .integer(0)]))
        #expect(table.names == ["column_1", "column_2"])
        #expect(table.values("column_1") == .int64([1, 2, 3]))
        #expect(table.values("column_2") == .utf8(["a", "b", "a"]))
    }

    @Test func anEmptyHeaderCellIsNamedByItsPosition() throws {
        let input = try InputFolder()
        let path = try input.write("blank.csv", ",b\n1,2\n")
        #expect(try CSVLoader.table(load(path)).names == ["column_1", "b"])
    }

    @Test func tsvFilesAreSplitAtTabsAndOtherDelimitersCanBeChosen() throws {
        let input = try InputFolder()
        let tsv = try input.write("data.tsv", "a\tb\n1\tx,y\n")
        let table = try CSVLoader.table(load(tsv, ["categorical_threshold": .integer(0)]))
        #expect(table.names == ["a", "b"])
        #expect(table.values("b") == .utf8(["x,y"]))

        let semicolons = try input.write("data.csv", "a;b\n1;2,5\n")
        let other = try CSVLoader.table(load(semicolons, ["delimiter": .string(";"), "categorical_threshold": .integer(0)]))
        #expect(other.values("b") == .utf8(["2,5"]))
    }

    @Test func blankLinesAreSkipped() throws {
        let input = try InputFolder()
        let path = try input.write("gaps.csv", "a,b\n\n1,2\n\r\n3,4\n\n")
        #expect(try CSVLoader.table(load(path)).values("a") == .int64([1, 3]))
    }

    @Test func theLastRecordNeedsNoLineBreak() throws {
        let input = try InputFolder()
        let path = try input.write("end.csv", "a,b\n1,2\n3,")
        let table = try CSVLoader.table(load(path))
        #expect(table.values("b") == .int64([2, nil]))
    }

    @Test func aHeaderOnlyFileGivesAnEmptyTableWithItsColumns() throws {
        let input = try InputFolder()
        let path = try input.write("header.csv", "a,b,c\n")
        let events = CSVLoader.Events()
        let table = try CSVLoader.table(load(path, ["types": .object(["c": .string("string")])]), events: events)
        #expect(table.rowCount == 0)
        #expect(table.names == ["a", "b", "c"])
        #expect(table.types == ["double", "double", "string"])
        #expect(events.all.contains(.log(.warning, "\(path) has no data rows: the table is empty")))
    }

    @Test func quotingCanBeTurnedOff() throws {
        let input = try InputFolder()
        let path = try input.write("raw.csv", "a,b\n1,5\" pipe\n2,\"x\"\n")
        let table = try CSVLoader.table(load(path, ["quote": .string(""), "categorical_threshold": .integer(0)]))
        #expect(table.values("b") == .utf8(["5\" pipe", "\"x\""]))
    }

    @Test func theTableAndItsSizeAreReportedAsMetrics() throws {
        let input = try InputFolder()
        let path = try input.write("m.csv", "a,b,c\n1,2,3\n4,5,6\n")
        let events = CSVLoader.Events()
        _ = try CSVLoader.table(load(path), events: events)
        #expect(events.metrics == ["rows": 2, "columns": 3])
        #expect(events.all.contains { if case .log(.info, let line) = $0 { line.hasPrefix("read 2 rows x 3 columns from \(path)") } else { false } })
    }

    @Test func largeFilesGiveTheSameTableInChunksAsInOnePass() throws {
        // Quoted line breaks, doubled quotes and a column that turns to text only near the
        // end: chunks must split at record boundaries and agree on every column's type.
        let input = try InputFolder()
        var lines = ["id,x,note,late"]
        var notes: [String?] = []
        var late: [String?] = []
        for row in 0..<3000 {
            let note = row % 7 == 0 ? "multi\nline, \"quoted\" \(row)" : "n\(row % 3)"
            let escaped = "\"" + note.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let lateValue = row == 2990 ? "text" : String(row)
            lines.append("\(row),\(Double(row) / 4),\(escaped),\(lateValue)")
            notes.append(note)
            late.append(lateValue)
        }
        let path = try input.write("big.csv", lines.joined(separator: "\r\n") + "\r\n")
        let table = try CSVLoader.table(load(path, ["categorical_threshold": .integer(0)]))
        #expect(table.rowCount == 3000)
        #expect(table.values("id") == .int64((0..<3000).map { Int64($0) }))
        #expect(table.values("x") == .float64((0..<3000).map { Double($0) / 4 }))
        #expect(table.values("note") == .utf8(notes))
        #expect(table.values("late") == .utf8(late))
    }

    @Test func aTextColumnOfMostlyDistinctValuesIsReadAsPlainStringsWithItsNulls() throws {
        // Past 65,536 distinct values the parser stops keeping a dictionary and keeps the
        // bytes; `max_rows` reads in one pass, so one part holds both forms.
        let input = try InputFolder()
        var lines = ["id,name"]
        var names: [String?] = []
        for row in 0..<70_000 {
            let name: String? = row % 1000 == 5 ? nil : "name \(row) é"
            lines.append("\(row),\(name ?? "")")
            names.append(name)
        }
        let path = try input.write("distinct.csv", lines.joined(separator: "\n") + "\n")
        let table = try CSVLoader.table(load(path, ["max_rows": .integer(1_000_000)]))
        #expect(table.values("name") == .utf8(names))
        #expect(table.values("id") == .int64((0..<70_000).map { Int64($0) }))
    }
}
