@testable import SluiceJSON
@testable import SluicePipeline
@testable import SluiceSupport
import Testing

/// The JSON Schema subset stage configs are checked against.
@Suite struct ConfigSchemaTests {
    let schema = ConfigSchema(try! JSONValue.parse(#"""
        {"type":"object","required":["path"],"additionalProperties":false,
         "properties":{
           "path":{"type":"string","minLength":1},
           "delimiter":{"type":"string","default":","},
           "fraction":{"type":"number","exclusiveMinimum":0,"maximum":1},
           "seed":{"type":"integer","minimum":0},
           "mode":{"enum":["fast","exact"]},
           "columns":{"type":"array","items":{"type":"string"},"minItems":1},
           "options":{"type":"object","additionalProperties":{"type":"boolean"}}}}
        """#))

    @Test func aValidConfigHasNoViolations() throws {
        let config = try JSONValue.parse(#"{"path":"a.csv","fraction":0.2,"seed":7,"mode":"fast","columns":["x"],"options":{"strict":true}}"#)
        #expect(schema.validate(config).isEmpty)
    }

    @Test func everyViolationIsReportedWithItsPointer() throws {
        let config = try JSONValue.parse(#"{"fraction":0,"seed":-1.5,"mode":"slow","columns":[1],"options":{"strict":"yes"},"delimter":";"}"#)
        #expect(schema.validate(config).map(\.description) == [
            "/: missing required field 'path'; add it",
            "/columns/0: expected string, found integer 1",
            "/delimter: unknown field 'delimter'; did you mean 'delimiter'?",
            "/fraction: 0 must be greater than 0",
            "/mode: \"slow\" is not one of \"fast\", \"exact\"",
            "/options/strict: expected boolean, found string \"yes\"",
            "/seed: expected integer, found number -1.5",
        ])
    }

    @Test func anIntegralNumberIsAnInteger() throws {
        #expect(schema.validate(try JSONValue.parse(#"{"path":"p","seed":3.0}"#)).isEmpty)
    }

    @Test func defaultsAreFilledInForAbsentFields() throws {
        let filled = schema.applyingDefaults(to: try JSONValue.parse(#"{"path":"p"}"#))
        #expect(filled == .object(["path": .string("p"), "delimiter": .string(",")]))
        let kept = schema.applyingDefaults(to: try JSONValue.parse(#"{"path":"p","delimiter":";"}"#))
        #expect(kept["delimiter"] == .string(";"))
    }

    @Test func unknownFieldsListTheKnownOnesWhenNothingIsClose() throws {
        let violations = schema.validate(try JSONValue.parse(#"{"path":"p","zzz":1}"#))
        #expect(violations.map(\.message) == ["unknown field 'zzz'; known fields: columns, delimiter, fraction, mode, options, path, seed"])
    }
}

/// Did-you-mean suggestions for misspelt names.
@Suite struct SuggestionTests {
    @Test func suggestionsFindCloseTyposOnly() {
        #expect(nearest(to: "neds", in: ["needs", "uses", "with"]) == "needs")
        #expect(nearest(to: "xyz", in: ["needs", "uses", "with"]) == nil)
        #expect(nearest(to: "alpah", in: ["alpha", "seed"]) == "alpha")
        #expect(editDistance("kitten", "sitting") == 3)
    }
}
