import SluiceMetrics
import Testing

/// The gate condition syntax: what a pipeline author may write, and what they are
/// told when they write something else.
@Suite struct GateConditionTests {
    @Test(arguments: [
        (">= 0.8", 0.8, true), (">= 0.8", 0.79, false),
        ("<= 50", 50, true), ("<= 50", 50.5, false),
        ("> 0.8", 0.8, false), ("> 0.8", 0.81, true),
        ("< 1e-3", 0.0009, true), ("< 1e-3", 0.001, false),
        ("== 1", 1.0000000001, true), ("== 1", 1.001, false),
        ("between 0.7 and 0.9", 0.7, true), ("between 0.7 and 0.9", 0.9, true), ("between 0.7 and 0.9", 0.95, false),
        ("  >=0.5  ", 0.5, true), ("BETWEEN -1 AND 1", -1, true), (">= -2.5", -2, true),
    ])
    func conditionsAreReadAndChecked(text: String, value: Double, met: Bool) throws {
        #expect(try GateCondition(parsing: text).isMet(by: value) == met)
    }

    @Test func nanMeetsNoCondition() throws {
        #expect(!(try GateCondition(parsing: "<= 1").isMet(by: .nan)))
        #expect(!(try GateCondition(parsing: "between 0 and 1").isMet(by: .nan)))
    }

    @Test func conditionsPrintInCanonicalForm() throws {
        #expect(try GateCondition(parsing: ">=0.8").description == ">= 0.8")
        #expect(try GateCondition(parsing: "between 0.70 and 1").description == "between 0.7 and 1")
        #expect(try GateCondition(parsing: "<50").description == "< 50")
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("0.8", "does not start with >=, <=, >, <, == or between"),
        (">=", "'>=' needs a number after it"),
        (">= high", "'high' is not a number"),
        (">= nan", "'nan' is not a number"),
        ("=> 0.8", "'=>' is not a comparison; write '>='"),
        ("= 1", "'=' is not a comparison; write '=='"),
        ("between 0.9 and 0.7", "the lower bound comes first: \"between 0.7 and 0.9\""),
        ("between 0.7 0.9", "write a range as \"between LOW and HIGH\""),
    ])
    func malformedConditionsSayWhatIsWrong(text: String, reason: String) {
        do {
            _ = try GateCondition(parsing: text)
            Issue.record("\"\(text)\" was accepted")
        } catch {
            #expect(error.code == "gate.bad-condition")
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(error.message.contains("Conditions look like"))
        }
    }
}
