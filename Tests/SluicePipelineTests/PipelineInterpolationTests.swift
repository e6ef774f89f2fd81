@testable import SluiceJSON
import SluiceSupport
import SluicePipelineTestSupport
import SluiceTestSupport
import Testing

/// `${params.x}` and `${env.NAME}` in a stage's `with`: a whole-value reference keeps the
/// value's type, a reference inside text gives its text, `$${` is a literal `${`.
@Suite struct PipelineInterpolationTests {
    static let params = "{seed: 42, alpha: 1.0, on: true, name: ridge, cols: [a, b], model: {depth: 3}}"

    /// The `value` field of a stage whose `with` is `{value: WRITTEN}` (testkit/split
    /// passes unknown fields through untouched).
    private func value(_ written: String, params: String = params, overrides: [String] = [], environment: [String: String] = [:]) throws -> JSONValue? {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let pipeline = try workspace.load("""
            version: 1
            params: \(params)
            stages:
              s:
                uses: sluice.testkit/split
                with:
                  value: \(written)
            """, overrides: overrides, environment: environment)
        return pipeline.stage("s")?.config["value"]
    }

    @Test(arguments: [
        (#""${params.seed}""#, JSONValue.integer(42)),
        (#""${params.alpha}""#, .number(1.0)),
        (#""${params.on}""#, .bool(true)),
        (#""${params.name}""#, .string("ridge")),
        (#""${params.cols}""#, .array([.string("a"), .string("b")])),
        (#""${params.model}""#, .object(["depth": .integer(3)])),
        (#""${params.model.depth}""#, .integer(3)),
        (#""${params.cols.1}""#, .string("b")),
        (#"${params.seed}"#, .integer(42)),
    ])
    func aWholeValueReferenceKeepsTheParamsType(written: String, expected: JSONValue) throws {
        #expect(try value(written) == expected)
    }

    @Test func referencesInsideTextAreReplacedByTheirText() throws {
        #expect(try value(#""seed=${params.seed} alpha=${params.alpha} on=${params.on} by ${params.name}""#)
            == .string("seed=42 alpha=1.0 on=true by ridge"))
    }

    @Test func referencesAreReplacedInNestedListsAndMaps() throws {
        #expect(try value(#"{list: ["${params.seed}", x], map: {deep: "${params.model.depth}"}}"#)
            == .object(["list": .array([.integer(42), .string("x")]), "map": .object(["deep": .integer(3)])]))
    }

    @Test func anEnvironmentVariableIsReadAsText() throws {
        #expect(try value(#""${env.THREADS}""#, environment: ["THREADS": "8"]) == .string("8"))
        #expect(try value(#""data in ${env.DATA}/houses.csv""#, environment: ["DATA": "/srv"]) == .string("data in /srv/houses.csv"))
    }

    @Test func anUnsetEnvironmentVariableTakesItsFallback() throws {
        #expect(try value(#""${env.DATA:-data}/houses.csv""#) == .string("data/houses.csv"))
        #expect(try value(#""${env.DATA:-data}""#, environment: ["DATA": "/srv"]) == .string("/srv"))
        #expect(try value(#""${env.DATA:-}""#) == .string(""))
    }

    @Test func aDoubleDollarWritesALiteralReference() throws {
        #expect(try value(#""$${params.seed} costs $$5 and $${env.HOME}""#) == .string("${params.seed} costs $$5 and ${env.HOME}"))
    }

    @Test func overriddenParamsAreWhatIsFilledIn() throws {
        #expect(try value(#""${params.alpha}""#, overrides: ["alpha=0.25"]) == .number(0.25))
    }

    @Test func anUnknownParamIsReportedAtItsValueWithTheKnownParams() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let problems = workspace.problems("""
            version: 1
            params: {alpha: 1.0, seed: 1}
            stages:
              s: {uses: sluice.testkit/split, with: {value: "${params.alpa}"}}
            """)
        #expect(problems.map(\.code) == ["config.interpolation"])
        #expect(problems.first?.location?.line == 4)
        #expect(problems.first?.location?.column == 49)
        #expect(problems.first?.stage == "s")
        #expect(problems.first?.message == "unknown param 'alpa' in '${params.alpa}'. Did you mean 'alpha'? Known params: alpha, seed")
    }

    @Test func anUnsetVariableWithoutFallbackIsAnError() throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let problems = workspace.problems("""
            version: 1
            stages:
              s: {uses: sluice.testkit/split, with: {value: "${env.TOKEN}"}}
            """)
        #expect(problems.map(\.message) == ["environment variable 'TOKEN' is not set (in '${env.TOKEN}'). Set it, or give a default: ${env.TOKEN:-value}"])
    }
}
