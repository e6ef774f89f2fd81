import Foundation
@testable import SluiceJSON
import SluiceSupport
import SluiceTestSupport
import Testing

/// JSON Lines: one flat object per line, keys as columns.
@Suite struct JSONLinesTests {
    private func failure(_ config: JSONValue) -> String? {
        CSVLoader.failure(config).map { String($0.message.dropFirst("sluice.csv/load failed in run: ".count)) }
    }

    @Test func keysBecomeColumnsInFirstSeenOrderAndMissingKeysAreNull() throws {
        let input = try InputFolder()
        let path = try input.write("rows.jsonl", """
            {"id": 1, "name": "Ada", "score": 2.5}
            {"id": 2, "score": 3, "ok": true, "name": null}

            {"name": "Grace \\"G\\" \\u00e9\\ud83d\\ude00", "id": 3, "ok": false}

            """)
        let table = try CSVLoader.table(load(path, ["categorical_threshold": .integer(0)]))
        #expect(table.names == ["id", "name", "score", "ok"])
        #expect(table.types == ["int64", "string", "double", "bool"])
        #expect(table.values("id") == .int64([1, 2, 3]))
        #expect(table.values("name") == .utf8(["Ada", nil, "Grace \"G\" é😀"]))
        #expect(table.values("score") == .float64([2.5, 3, nil]))
        #expect(table.values("ok") == .bool([nil, true, false]))
    }

    @Test func theFormatFollowsTheExtensionOrTheConfig() throws {
        let input = try InputFolder()
        let ndjson = try input.write("rows.ndjson", "{\"a\": 1}\n")
        #expect(try CSVLoader.table(load(ndjson)).values("a") == .int64([1]))
        let text = try input.write("rows.txt", "{\"a\": 2}\r\n")
        #expect(try CSVLoader.table(load(text, ["format": .string("jsonl")])).values("a") == .int64([2]))
    }

    @Test func columnsTypesAndTargetApplyToJSONLines() throws {
        let input = try InputFolder()
        let path = try input.write("rows.jsonl", """
            {"a": 1, "b": "x", "nested": {"deep": [1]}, "y": 1}
            {"a": 2, "b": "y", "nested": [], "y": 0}

            """)
        let table = try CSVLoader.table(load(path, [
            "drop": .array([.string("nested")]), "types": .object(["a": .string("float64"), "b": .string("categorical")]), "target": .string("y"),
        ]))
        #expect(table.names == ["a", "b", "y"])
        #expect(table.values("a") == .float64([1, 2]))
        #expect(table.values("b") == .dictionary(["x", "y"]))
        #expect(table.schema.metadata["sluice.target"] == "y")
    }

    @Test func aNestedValueIsAnErrorNamingLineAndKey() throws {
        let input = try InputFolder()
        let path = try input.write("nested.jsonl", "{\"a\": 1}\n{\"a\": 2, \"tags\": [\"x\"]}\n")
        #expect(failure(load(path))
            == "\(path):2: key 'tags' holds an array; sluice.csv reads flat objects (numbers, strings, booleans, null). Flatten it into keys of its own, or leave it out with `drop: [tags]`")
    }

    @Test func valuesOfDifferentKindsUnderOneKeyAskForATypeInTypes() throws {
        let input = try InputFolder()
        let path = try input.write("mixed.jsonl", "{\"a\": 1}\n{\"a\": \"x\"}\n")
        #expect(failure(load(path))
            == "\(path): key 'a' holds numbers (line 1) and strings (line 2). Give it one type in `types`, e.g. types: {a: string}")
        let table = try CSVLoader.table(load(path, ["types": .object(["a": .string("string")])]))
        #expect(table.values("a") == .utf8(["1", "x"]))
    }

    @Test func invalidJSONNamesTheLineAndColumn() throws {
        let input = try InputFolder()
        let path = try input.write("bad.jsonl", "{\"a\": 1}\n{\"a\" 2}\n")
        #expect(failure(load(path))
            == "\(path):2: not valid JSON at column 6: expected ':' after the key, found '2'. Each line must be one JSON object")
        let array = try input.write("array.jsonl", "[1, 2]\n")
        #expect(failure(load(array))
            == "\(array):1: the line is not a JSON object (it must start with '{'). Write one object per line")
        let empty = try input.write("empty.jsonl", "\n")
        #expect(failure(load(empty)) == "\(empty) is empty; a JSON Lines file needs one JSON object per line")
    }
}
