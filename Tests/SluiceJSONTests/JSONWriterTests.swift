import Foundation
@testable import SluiceJSON
import Testing

/// The one writer writes each format exactly as the writers it replaced did.
@Suite struct JSONWriterTests {
    @Test func canonicalTextIsTheOldCanonicalTextByteForByte() {
        for (value, expected) in zip(WriterCorpus.sortedCorpus, WriterGolden.canonical) {
            #expect(value.canonicalText == expected)
        }
        #expect(WriterCorpus.nonFinite.canonicalText == WriterGolden.nonFiniteCanonical)
    }

    @Test func prettyTextIsWhatFoundationsEncoderWrote() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for (value, expected) in zip(WriterCorpus.sortedCorpus, WriterGolden.pretty) {
            #expect(value.prettyText == expected)
            // And still is: the golden text came from this encoder.
            #expect(String(decoding: try encoder.encode(value), as: UTF8.self) == expected)
        }
    }

    @Test func compactTextIsTheOldJSONTextKeepingMemberOrder() {
        for (value, expected) in zip(WriterCorpus.orderedCorpus, WriterGolden.compact) {
            #expect(value.text == expected)
        }
        #expect(JSONValue.object([("b", .integer(1)), ("a", .null)]).bytes == Array("{\"b\":1,\"a\":null}\n".utf8))
    }

    @Test func nanAndInfinitiesAreNullInEveryFormat() {
        for format in [JSONFormat.canonical, .compact, .pretty] {
            var writer = JSONWriter(format: format)
            writer.list([Double.nan, .infinity, -.infinity]) { $0.number($1) }
            #expect(writer.text == "[null,null,null]")
        }
        #expect(JSONValue.number(.nan).prettyText == "null")
    }

    @Test func prettyTextIsStable() {
        let value = JSONValue.object(["b": .array([.integer(1), .object([:])]), "a": .object(["y": .number(0.5), "x": .string("é")])])
        #expect(value.prettyText == """
            {
              "a" : {
                "x" : "é",
                "y" : 0.5
              },
              "b" : [
                1,
                {

                }
              ]
            }
            """)
        #expect(value.prettyText == value.prettyText)
    }

    @Test func piecesStreamWithoutATree() {
        var writer = JSONWriter(capacity: 16)
        writer.raw("{\"rows\":")
        writer.number(3)
        writer.byte(",")
        writer.key("values")
        writer.list([1.0, 2.5, -0.0]) { $0.number($1) }
        writer.raw(",\"flags\":")
        writer.list([true, false]) { $0.bool($1) }
        writer.raw(",\"none\":")
        writer.null()
        writer.byte("}")
        #expect(writer.text == #"{"rows":3,"values":[1.0,2.5,-0.0],"flags":[true,false],"none":null}"#)
    }

    @Test func writerEscapesWhatTheReaderReads() throws {
        var writer = JSONWriter()
        writer.string("quote \" backslash \\ newline \n bell \u{7} é")
        guard case .string(let text) = try JSONValue.parse(writer.bytes) else { Issue.record("not a string"); return }
        #expect(text == "quote \" backslash \\ newline \n bell \u{7} é")
    }
}
