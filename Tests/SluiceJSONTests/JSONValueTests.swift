@testable import SluiceJSON
import Testing

/// JSON values keep integers apart from numbers and have one canonical text.
@Suite struct JSONValueTests {
    @Test func integersAndNumbersStayApart() throws {
        #expect(try JSONValue.parse("3") == .integer(3))
        #expect(try JSONValue.parse("3.5") == .number(3.5))
        #expect(try JSONValue.parse("true") == .bool(true))
        #expect(try JSONValue.parse("null") == .null)
    }

    @Test func canonicalTextSortsKeysAndDropsWhitespace() throws {
        let value = try JSONValue.parse(#"{ "b": [1, 2.5, "x\n\u0001"], "a": {"z": null, "y": false} }"#)
        #expect(value.canonicalText == #"{"a":{"y":false,"z":null},"b":[1,2.5,"x\n\u0001"]}"#)
        #expect(try JSONValue.parse(value.canonicalText) == value)
    }

    @Test func jsonPointersFindNestedValues() throws {
        let value = try JSONValue.parse(#"{"a":[{"b/c":1}],"~":2}"#)
        #expect(value.value(at: "/a/0/b~1c") == .integer(1))
        #expect(value.value(at: "/~0") == .integer(2))
        #expect(value.value(at: "/a/5") == nil)
        #expect(value.value(at: "") == value)
    }

    /// As Foundation's decoder read them, so parsed JSON has the canonical text it had.
    @Test func wholeNumbersWithAFractionOrExponentReadAsIntegers() throws {
        #expect(try JSONValue.parse("[3.0, -0.0, 1e2, 1.5e1, 2.5, 1e22, 9223372036854775808, -9223372036854775808]") == .array([
            .integer(3), .integer(0), .integer(100), .integer(15), .number(2.5), .number(1e22), .number(9223372036854775808.0), .integer(.min),
        ]))
    }

    @Test func objectsKeepTheDocumentsOrderAndTheFirstOfRepeatedKeys() throws {
        guard case .object(let members) = try JSONValue.parse(#"{"b": 1, "a": 2, "b": 3}"#) else { Issue.record("not an object"); return }
        #expect(members.keys == ["b", "a"])
        #expect(members["b"] == .integer(1))
        #expect(JSONValue.object(members).text == #"{"b":1,"a":2}"#)
    }

    @Test func parseErrorsNameTheByteOffset() {
        for (text, offset, message) in [
            (#"{"a" 1}"#, 5, "expected ':' after the key, found '1'"),
            ("[1, 2,]", 6, "expected a value, found ']'"),
            ("[1] x", 4, "unexpected text after the JSON value"),
            (#""open"#, 5, "unterminated string"),
            ("01", 2, "a number cannot start with 0"),
            ("", 0, "expected a value, found the end of the text"),
        ] {
            #expect(throws: JSONSyntaxError(offset: offset, message: message), "\(text)") { try JSONValue.parse(text) }
        }
        #expect("\(JSONSyntaxError(offset: 5, message: "unterminated string"))" == "byte 5: unterminated string")
    }

    @Test func documentsNestedTooDeeplyAreRefused() throws {
        let deepest = JSONPullReader<JSONSyntaxError>.maximumDepth
        #expect(try JSONValue.parse(String(repeating: "[", count: deepest) + String(repeating: "]", count: deepest)) != .null)
        let tooDeep = String(repeating: "[", count: deepest + 1) + String(repeating: "]", count: deepest + 1)
        #expect(throws: JSONSyntaxError(offset: deepest, message: "nested more than \(deepest) levels deep")) { try JSONValue.parse(tooDeep) }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(String(repeating: "{\"a\":", count: deepest + 1) + "1" + String(repeating: "}", count: deepest + 1)) }
    }

    @Test func bytesTextAndDataParseAlike() throws {
        let text = #"{"x": [1, "é"]}"#
        #expect(try JSONValue.parse(Array(text.utf8)) == JSONValue.parse(text))
        #expect(try JSONValue.parse(Array(text.utf8)[...]) == JSONValue.parse(text))
    }

    @Test func objectsAreEqualWhateverTheirOrder() {
        var members = JSONObject([("a", .integer(1)), ("b", .integer(2))])
        #expect(JSONValue.object(members) == .object([("b", .integer(2)), ("a", .integer(1))]))
        members["a"] = nil
        members["c"] = .null
        #expect(members.keys == ["b", "c"])
        #expect(members.removeValue(forKey: "b") == .integer(2))
        #expect(Array(members.map(\.key)) == ["c"])
        #expect(JSONObject(["z": .null, "y": .null]).keys == ["y", "z"])
    }
}
