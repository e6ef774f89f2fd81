import Foundation
@testable import SluiceArrow
@testable import SluiceJSON
import SluiceSupport
import SluiceTestSupport
import Testing

/// Every kind of bad input fails the stage with one message that names the file, the
/// line, the row and the column, and says what to do; none of them traps.
@Suite struct CSVBadInputTests {
    /// The plugin's message when the stage fails in `phase`, with the status code.
    private func failure(_ config: JSONValue, phase: String = "run") -> (code: String, message: String)? {
        guard let error = CSVLoader.failure(config) else { return nil }
        let prefix = "sluice.csv/load failed in \(phase): "
        guard error.message.hasPrefix(prefix) else { return (error.code.id, error.message) }
        return (error.code.id, String(error.message.dropFirst(prefix.count)))
    }

    private let quoteHint = "Add its closing quote; a quote inside a quoted field is written twice (\"\")"

    @Test func aRowWithTooFewOrTooManyFieldsNamesItsLineAndBothCounts() throws {
        let input = try InputFolder()
        let few = try input.write("few.csv", "a,b,c\n1,2,3\n4,5\n")
        #expect(failure(load(few))?.message
            == "\(few):3: row 2 has 2 fields, expected 3 like the header (a, b, c). Quote fields that contain the delimiter or a line break, or fix the record")
        #expect(failure(load(few))?.code == "stage.invalid-input")
        let many = try input.write("many.csv", "a,b\n1,2\n3,4,5\n")
        #expect(failure(load(many))?.message
            == "\(many):3: row 2 has 3 fields, expected 2 like the header (a, b). Quote fields that contain the delimiter or a line break, or fix the record")
        let plain = try input.write("plain.csv", "1,2\n3\n")
        #expect(failure(load(plain, ["header": .bool(false)]))?.message
            == "\(plain):2: row 2 has 1 field, expected 2 like the first record (column_1, column_2). Quote fields that contain the delimiter or a line break, or fix the record")
    }

    @Test func anUnterminatedQuoteNamesTheLineWhereItStarted() throws {
        let input = try InputFolder()
        let path = try input.write("open.csv", "a,b\n1,x\n2,\"never\nclosed\n3,y\n")
        #expect(failure(load(path))?.message == "\(path):3: row 2, column 2 'b': the quoted field that starts here is never closed. \(quoteHint)")
        let header = try input.write("header.csv", "a,\"b\n1,2\n")
        #expect(failure(load(header))?.message == "\(header):1: header, column 2: the quoted field that starts here is never closed. \(quoteHint)")
    }

    @Test func aStrayQuoteInsideAnUnquotedFieldIsAnError() throws {
        let input = try InputFolder()
        let path = try input.write("stray.csv", "a,b\n1,ab\"c\n")
        #expect(failure(load(path))?.message
            == "\(path):2: row 1, column 2 'b': a quote inside a field that does not start with one. Quote the whole field and double the quotes in it (\"say \"\"hi\"\"\"), or set `quote: \"\"` to read quotes as ordinary text")
    }

    @Test func textAfterAClosingQuoteIsAnError() throws {
        let input = try InputFolder()
        let path = try input.write("after.csv", "a,b\n1,\"ab\"c\n")
        #expect(failure(load(path))?.message
            == "\(path):2: row 1, column 2 'b': text follows the closing quote of a quoted field. Put the delimiter right after the closing quote, or write a quote that belongs to the value twice (\"\")")
    }

    @Test func aValueThatIsNotTheDeclaredTypeNamesValueLineAndColumn() throws {
        let input = try InputFolder()
        let path = try input.write("typed.csv", "a,price\n1,2\n2,abc\n")
        #expect(failure(load(path, ["types": .object(["price": .string("int64")])]))?.message
            == "\(path):3: row 2, column 2 'price': \"abc\" is not an int64, the type `types` gives this column. Fix the value, add it to `null_values`, or change the column's type in `types`")
        let floats = try input.write("floats.csv", "a,price\n1,2\n\n2,\"1,5\"\n")
        #expect(failure(load(floats, ["types": .object(["price": .string("float64")])]))?.message
            == "\(floats):4: row 2, column 2 'price': \"1,5\" is not a float64, the type `types` gives this column. Fix the value, add it to `null_values`, or change the column's type in `types`")
        let bools = try input.write("bools.csv", "ok\ntrue\nyes\n")
        #expect(failure(load(bools, ["types": .object(["ok": .string("bool")])]))?.message
            == "\(bools):3: row 2, column 1 'ok': \"yes\" is not a bool, the type `types` gives this column. Fix the value, add it to `null_values`, or change the column's type in `types`")
    }

    @Test func bytesThatAreNotUTF8AreReportedWithTheirOffset() throws {
        let input = try InputFolder()
        let path = try input.write("latin1.csv", bytes: Array("name\nok\n".utf8) + [0x63, 0x61, 0x66, 0xE9] + Array("\n".utf8))
        #expect(failure(load(path))?.message
            == "\(path):3: row 2, column 1 'name': byte 0xE9 at byte offset 11 is not UTF-8. Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8 in.csv > out.csv)")
        let header = try input.write("header.csv", bytes: [0x6E, 0xE9] + Array(",b\n1,2\n".utf8))
        #expect(failure(load(header))?.message
            == "\(header):1: header, column 1: the name is not UTF-8 (byte 0xE9 at index 1). Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)")
    }

    @Test func anEmptyFileIsAnError() throws {
        let input = try InputFolder()
        let path = try input.write("empty.csv", "")
        #expect(failure(load(path))?.message
            == "\(path) is empty; a CSV file needs a header line (or, with `header: false`, at least one record)")
        let blank = try input.write("blank.csv", "\n\r\n")
        #expect(failure(load(blank))?.code == "stage.invalid-input")
    }

    @Test func aMissingFileSaysWhereItWasLookedFor() throws {
        let input = try InputFolder()
        let path = input.folder.file("nope.csv")
        let result = failure(load(path))
        #expect(result?.code == "stage.not-found")
        #expect(result?.message == "\(path): no such file (looked for \(path)). Check `path`: it is relative to the project folder")
    }

    @Test func aMissingTargetListsTheColumns() throws {
        let input = try InputFolder()
        let path = try input.write("t.csv", "x,price\n1,2\n")
        #expect(failure(load(path, ["target": .string("pric")]))?.message
            == "the target 'pric' is not a column of \(path) (did you mean 'price'?). The columns are: x, price")
    }

    @Test func anUnknownColumnInColumnsDropOrTypesListsTheColumns() throws {
        let input = try InputFolder()
        let path = try input.write("t.csv", "alpha,beta\n1,2\n")
        #expect(failure(load(path, ["columns": .array([.string("alpha"), .string("gamma")])]))?.message
            == "`columns` names 'gamma', which is not a column of \(path). The columns are: alpha, beta")
        #expect(failure(load(path, ["drop": .array([.string("bta")])]))?.message
            == "`drop` names 'bta', which is not a column of \(path) (did you mean 'beta'?). The columns are: alpha, beta")
        #expect(failure(load(path, ["types": .object(["delta": .string("int64")])]))?.message
            == "`types` names 'delta', which is not a column of \(path). The columns are: alpha, beta")
    }

    @Test func duplicateHeaderNamesAreAnError() throws {
        let input = try InputFolder()
        let path = try input.write("dup.csv", "a,b,a\n1,2,3\n")
        #expect(failure(load(path))?.message
            == "\(path):1: header: columns 1 and 3 are both named 'a'. Rename one in the file, or set `header: false` to name the columns column_1, column_2, …")
    }

    @Test func anArrowFileIsReadThroughTheHostKeepingItsTypes() throws {
        let input = try InputFolder()
        let path = input.folder.file("table.feather")
        try ArrowIPCFileWriter.write(try ArrowTable(["x": .float64([1, nil]), "n": .int64([3, 4]), "s": .utf8(["a", "b"])]), to: path)
        let table = try CSVLoader.table(load(path, ["columns": .array([.string("x"), .string("n")]), "target": .string("n")]))
        #expect(table.schema.fields.map(\.name) == ["x", "n"])
        #expect(table.values("n") == .int64([3, 4]))
        #expect(table.values("x") == .float64([1, nil]))
        #expect(table.schema.metadata["sluice.target"] == "n")
        let notArrow = try input.write("t.csv", "a\n1\n")
        #expect(failure(load(notArrow, ["format": .string("arrow")]))?.message.contains("does not start with the ARROW1 magic") == true)
        #expect(failure(load(notArrow, ["format": .string("arrow")]))?.code == "stage.invalid-input")
    }

    @Test func configThatTheSchemaCannotCatchIsRefusedWhenTheStageIsCreated() throws {
        #expect(failure(load("t.csv", ["delimiter": .string("é")]), phase: "create")?.message
            == "`delimiter` is \"é\"; it must be one ASCII character such as \",\", \";\", \"|\" or a tab (\"\\t\", in double quotes in YAML)")
        #expect(failure(load("t.csv", ["delimiter": .string("\""), "quote": .string("\"")]), phase: "create")?.message
            == "`delimiter` and `quote` are both \"\\\"\"; they must differ")
        #expect(failure(load("t.csv", ["columns": .array([.string("a")]), "drop": .array([.string("a")])]), phase: "create")?.message
            == "'a' is in both `columns` and `drop`; keep it in one of them")
        #expect(failure(load("t.csv", ["target": .string("y"), "drop": .array([.string("y")])]), phase: "create")?.message
            == "the target 'y' is in `drop`; a dropped column cannot be the target")
    }

    @Test func aCompressedFileIsRecognised() throws {
        let input = try InputFolder()
        let path = try input.write("data.csv", bytes: [0x1F, 0x8B, 0x08, 0x00])
        #expect(failure(load(path))?.message == "\(path) is gzip-compressed; sluice.csv reads plain text. Decompress it first (gunzip)")
    }

    @Test func inALargeFileTheFirstProblemIsReportedWithItsExactLine() throws {
        // Parsed in chunks: the chunk that fails does not know its first row, and a later
        // chunk may fail first; the message must still name the first bad record.
        let input = try InputFolder()
        var lines = ["id,name"]
        for row in 0..<2000 {
            lines.append(row % 10 == 0 ? "\(row),\"two\nlines\"" : "\(row),n\(row)")
        }
        lines[1500] = "1499,bad,extra"
        lines[1900] = "1899,\"unterminated"
        let path = try input.write("big.csv", lines.joined(separator: "\n") + "\n")
        // Lines before row 1500: 1500 lines + one extra per quoted line break in rows 0..<1499.
        #expect(failure(load(path))?.message
            == "\(path):1651: row 1500 has 3 fields, expected 2 like the header (id, name). Quote fields that contain the delimiter or a line break, or fix the record")
    }
}
