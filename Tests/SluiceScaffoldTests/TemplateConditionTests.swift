@testable import SluiceScaffold
import SluiceSupport
import Testing

/// `when:` conditions: a name, `!name`, `==` and `!=`, joined by `&&` then `||`.
@Suite struct TemplateConditionTests {
    let values: [String: TemplateValue] = [
        "tests": .bool(true), "docs": .bool(false), "kind": .string("trainer"), "empty": .string(""),
    ]

    @Test(arguments: [
        ("tests", true),
        ("docs", false),
        ("!docs", true),
        ("empty", false),
        ("missing", false),
        ("kind == trainer", true),
        ("kind == 'trainer'", true),
        ("kind != trainer", false),
        ("kind == tester", false),
        ("tests && kind == trainer", true),
        ("tests && docs", false),
        ("docs || kind == trainer", true),
        ("docs && tests || !docs && kind == trainer", true),
        ("docs && tests || docs", false),
    ])
    func holds(condition: String, expected: Bool) throws {
        let parsed = try TemplateCondition.parse(condition).get()
        #expect(parsed.holds(for: values) == expected)
    }

    @Test(arguments: [
        ("", "empty"),
        ("tests &&", "ends with an operator"),
        ("kind ==", "must be followed by a value"),
        ("kind = trainer", "unexpected '='"),
        ("tests docs", "expected `&&`, `||`"),
        ("kind == 'trainer", "not closed"),
        ("!", "must be followed by a variable name"),
    ])
    func malformedConditionsSayWhatIsWrong(condition: String, words: String) {
        guard case .failure(let problem) = TemplateCondition.parse(condition) else {
            Issue.record("'\(condition)' parsed")
            return
        }
        #expect(problem.message.contains(words), "\(problem.message)")
    }

    @Test func theVariablesUsedAreKnownForChecking() throws {
        let parsed = try TemplateCondition.parse("a && !b || c == x").get()
        #expect(parsed.atoms.map(\.variable) == ["a", "b", "c"])
    }
}
