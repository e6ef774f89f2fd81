@testable import SluiceJSON
import SluiceSupport
import SluicePipelineTestSupport
import SluiceTestSupport
import Testing

/// `--set KEY=VALUE`: a dotted path into the declared params, VALUE typed like a plain
/// YAML scalar. Problems have no place in the file and name the option as written.
@Suite struct PipelineOverrideTests {
    static let pipeline = """
        version: 1
        params: {seed: 42, alpha: 1.0, name: ridge, flag: false, cols: [a], model: {depth: 3}}
        stages: {s: {uses: sluice.testkit/fail}}
        """

    private func params(_ overrides: [String]) throws -> [String: JSONValue] {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        return try workspace.load(Self.pipeline, overrides: overrides).params
    }

    private func problems(_ overrides: [String]) throws -> [String] {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        return workspace.problems(Self.pipeline, overrides: overrides).map(\.description)
    }

    @Test(arguments: [
        ("alpha=0.5", "alpha", JSONValue.number(0.5)),
        ("seed=7", "seed", .integer(7)),
        ("name=lasso", "name", .string("lasso")),
        ("flag=true", "flag", .bool(true)),
        ("name=", "name", .string("")),
        ("name=\"42\"", "name", .string("42")),
        ("cols=[a, b]", "cols", .array([.string("a"), .string("b")])),
        ("model={depth: 5}", "model", .object(["depth": .integer(5)])),
        ("name=a=b", "name", .string("a=b")),
    ])
    func aValueIsTypedLikeAPlainYAMLScalar(override: String, param: String, expected: JSONValue) throws {
        #expect(try params([override])[param] == expected)
    }

    @Test func aDottedPathSetsAKeyInsideAMapParam() throws {
        #expect(try params(["model.depth=5"])["model"] == .object(["depth": .integer(5)]))
    }

    @Test func aDottedPathMayAddAKeyToAMapParam() throws {
        #expect(try params(["model.width=2"])["model"] == .object(["depth": .integer(3), "width": .integer(2)]))
    }

    @Test func laterOverridesWin() throws {
        #expect(try params(["seed=1", "seed=2"])["seed"] == .integer(2))
    }

    @Test func anUnknownParamIsAnErrorWithASuggestion() throws {
        #expect(try problems(["alpa=0.5"]) == ["error: --set alpa=0.5: unknown param 'alpa'. Did you mean 'alpha'? [config.override]"])
    }

    @Test func anUnknownParamWithoutANearNameListsTheDeclaredOnes() throws {
        #expect(try problems(["zzz=1"]) == ["error: --set zzz=1: unknown param 'zzz'. Declared params: alpha, cols, flag, model, name, seed [config.override]"])
    }

    @Test func anOverrideWithoutAnEqualsSignIsAnError() throws {
        #expect(try problems(["alpha"]) == ["error: --set alpha: there is no '='. Write --set alpha=VALUE [config.override]"])
    }

    @Test func aPathThroughAValueThatIsNotAMapIsAnError() throws {
        #expect(try problems(["seed.low=1"]) == ["error: --set seed.low=1: param 'seed' is an integer, not a map, so it has no 'low'. Set it whole: --set seed=VALUE [config.override]"])
    }

    @Test func infinityIsRefused() throws {
        #expect(try problems(["alpha=.inf"]) == ["error: --set alpha=.inf: '.inf' is not a number JSON can carry. Write a finite number [config.override]"])
    }

    @Test func overrideProblemsComeBeforeProblemsInTheFile() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let problems = workspace.problems("version: 1\nparams: {a: 1}\nstages: {s: {uses: sluice.testkit/nope}}\n", overrides: ["b=2"])
        #expect(problems.map(\.code) == ["config.override", "config.unknown-plugin-stage"])
    }
}
