@testable import SluiceJSON
@testable import SluicePipeline
import SluicePlugins
import Testing

/// The schema keywords ABI 1.1 added to what the host checks, and the rule that a
/// keyword it does not implement is refused rather than silently ignored.
@Suite struct SchemaKeywordTests {
    let schema = ConfigSchema(try! JSONValue.parse(#"""
        {"type":"object","title":"a stage","$comment":"for the tests","examples":[{"name":"ab"}],
         "properties":{
           "name":{"type":"string","pattern":"^[a-z][a-z0-9_]*$","minLength":2,"maxLength":8,"format":"identifier"},
           "code":{"type":"string","pattern":"[0-9]"},
           "share":{"type":"number","exclusiveMaximum":1},
           "mode":{"const":"exact"},
           "tags":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":2}}}
        """#))

    func messages(_ config: String) throws -> [String] {
        schema.validate(try JSONValue.parse(config)).map(\.description)
    }

    @Test func aConfigMeetingEveryKeywordHasNoViolations() throws {
        #expect(try messages(#"{"name":"ab_1","code":"x9y","share":0.5,"mode":"exact","tags":["a"]}"#).isEmpty)
    }

    @Test func eachKeywordNamesTheKeyAndWhatIsExpected() throws {
        #expect(try messages(#"{"name":"A","share":1,"mode":"fast","tags":[]}"#) == [
            "/mode: must be \"exact\", found \"fast\"",
            "/name: must be at least 2 characters long",
            "/name: \"A\" does not match the pattern \"^[a-z][a-z0-9_]*$\"",
            "/share: 1 must be less than 1",
            "/tags: needs at least 1 item(s), found 0",
        ])
        #expect(try messages(#"{"name":"abcdefghi","tags":["a","b","c"]}"#) == [
            "/name: must be at most 8 characters long",
            "/tags: allows at most 2 item(s), found 3",
        ])
    }

    @Test func aPatternIsUnanchoredAsJSONSchemaSays() throws {
        #expect(try messages(#"{"code":"abc1"}"#).isEmpty)
        #expect(try messages(#"{"code":"abc"}"#) == [#"/code: "abc" does not match the pattern "[0-9]""#])
    }

    @Test func formatIsAnAnnotationAndNeverChecked() throws {
        // "identifier" is no format JSON Schema knows; the host keeps it and checks nothing.
        #expect(try messages(#"{"name":"ok"}"#).isEmpty)
    }

    @Test func everyKeywordTheValidatorUsesIsOneTheLoaderAccepts() throws {
        #expect(SchemaKeywords.firstProblem(in: schema.schema) == nil)
    }

    @Test func anUnimplementedKeywordIsNamedWithItsPointerWhereverItIs() throws {
        let nested = try JSONValue.parse(#"{"properties":{"pattern":{"type":"array","items":{"type":"object","properties":{"x":{"oneOf":[]}}}}}}"#)
        let problem = try #require(SchemaKeywords.firstProblem(in: nested))
        // A property named like a keyword ("pattern") is a name, not a keyword.
        #expect(problem.pointer == "/properties/pattern/items/properties/x/oneOf")
        #expect(problem.message.hasPrefix("unsupported keyword 'oneOf': this host does not implement it"))
    }

    @Test func aMisspelledKeywordIsRefusedAsAPossibleTypo() throws {
        let problem = try #require(SchemaKeywords.firstProblem(in: try JSONValue.parse(#"{"properties":{"n":{"maximun":3}}}"#)))
        #expect(problem.description.hasPrefix("at /properties/n/maximun: unsupported keyword 'maximun': it is not a keyword this host implements (a typo?)"))
    }

    @Test func keywordValuesOfTheWrongTypeAreRefused() throws {
        let problem = try #require(SchemaKeywords.firstProblem(in: try JSONValue.parse(#"{"minLength":-1}"#)))
        #expect(problem.description == "at /minLength: 'minLength' must be a non-negative integer")
    }
}
