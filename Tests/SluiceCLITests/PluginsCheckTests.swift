import Foundation
import SluiceTestSupport
import Testing

/// `sluice plugins check`, the conformance kit: a plugin that keeps the protocol passes
/// (exit 0); a plugin that breaks one rule fails the check of that rule, by name, with
/// exit 4, and the checker survives a plugin that crashes.
@Suite struct PluginsCheckTests {
    /// The result of a check run: its exit status, its table and its JSON results.
    struct Checked {
        let status: Int32
        let stdout: String
        let stderr: String
        let results: [[String: Any]]
        /// The whole --json report.
        let report: [String: Any]

        /// The outcome of `check` for `stage` (nil: the plugin's own row).
        func outcome(_ check: String, stage: String? = nil) -> String? {
            row(check, stage: stage)?["result"] as? String
        }

        func detail(_ check: String, stage: String? = nil) -> String {
            row(check, stage: stage)?["detail"] as? String ?? ""
        }

        func row(_ check: String, stage: String?) -> [String: Any]? {
            results.first { $0["check"] as? String == check && ($0["stage"] as? String) == stage }
        }

        /// The checks that failed, each once.
        var failed: Set<String> {
            Set(results.filter { $0["result"] as? String == "failed" }.compactMap { $0["check"] as? String })
        }
    }

    /// Compiles the conformance fixture with `defines` and checks it (with --json).
    func check(defines: [String] = [], json: Bool = true, extra: [String] = []) throws -> Checked {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let library = try compileFixture("libconformance.so", in: folder, defines: defines, source: "conformance_plugin.c")
        return try check(library, in: folder.path, json: json, extra: extra)
    }

    func check(_ target: String, in directory: String, json: Bool = true, extra: [String] = []) throws -> Checked {
        let result = try runProcess(TestEnvironment.sluice(), ["plugins", "check"] + (json ? ["--json"] : []) + extra + [target], directory: directory)
        var report: [String: Any] = [:]
        if json, let parsed = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] {
            report = parsed
        }
        return Checked(status: result.status, stdout: result.stdout, stderr: result.stderr,
                       results: report["results"] as? [[String: Any]] ?? [], report: report)
    }

    @Test func aPluginThatKeepsTheProtocolPassesEveryCheckThatApplies() throws {
        let checked = try check()

        #expect(checked.status == 0, "\(checked.stdout)\n\(checked.stderr)")
        #expect(checked.failed.isEmpty, "\(checked.results)")
        #expect(checked.outcome("descriptor") == "passed")
        for check in ["schema", "create-destroy", "examples", "cancellation", "outputs", "error-messages"] {
            #expect(checked.outcome(check, stage: "sum") == "passed", "\(check): \(checked.detail(check, stage: "sum"))")
        }
        #expect(checked.outcome("model-threads", stage: "fit") == "passed", "\(checked.detail("model-threads", stage: "fit"))")
        // What does not apply is skipped, never passed: sum writes no model, fit has no failing example.
        #expect(checked.outcome("model-threads", stage: "sum") == "skipped")
        #expect(checked.detail("model-threads", stage: "sum") == "the stage has no model output")
        #expect(checked.detail("cancellation", stage: "sum").contains("returned cancelled"), "\(checked.detail("cancellation", stage: "sum"))")
        #expect(checked.detail("create-destroy", stage: "sum").contains("200 cycles after 20 warm-up"))
        #expect(checked.report["passed"] as? Bool == true)
        #expect(checked.report["failed_checks"] as? [String] == [])
        #expect((checked.report["plugin"] as? [String: Any])?["stages"] as? [String] == ["sum", "fit"])
        let counts = try #require(checked.report["counts"] as? [String: Int])
        #expect(counts == ["passed": 13, "failed": 0, "skipped": 2], "\(counts)")
    }

    @Test func theTableNamesEachCheckAndEndsWithASummary() throws {
        let checked = try check(json: false)

        #expect(checked.status == 0, "\(checked.stdout)\n\(checked.stderr)")
        let lines = checked.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("CHECK") == true && lines.first?.contains("STAGE") == true && lines.first?.contains("RESULT") == true)
        #expect(lines.contains { $0.hasPrefix("descriptor") && $0.contains("passed") })
        #expect(lines.contains { $0.hasPrefix("model-threads") && $0.contains("fit") && $0.contains("passed") })
        #expect(lines.last?.hasPrefix("fixture.conformance 1.0.0: conforms: ") == true, "\(lines.last ?? "")")
        #expect(lines.last?.contains(" 0 failed") == true)
    }

    @Test(arguments: [
        ("CONF_UNSTABLE_ENTRY", "descriptor", nil, "returned another descriptor when called a second time"),
        ("CONF_BAD_DEFAULT", "schema", "sum", "the default at /properties/steps breaks its own schema"),
        ("CONF_LEAKY_CREATE", "create-destroy", "sum", "leaks about 16"),
        ("CONF_BAD_EXAMPLE", "examples", "sum", "'refuses' expects ok, but run returned invalid_input"),
        ("CONF_IGNORES_CANCEL", "cancellation", "sum", "was still running 2s after it was cancelled"),
        ("CONF_UNDECLARED_OUTPUT", "outputs", "sum", "wrote the output 'bogus', which the stage does not declare"),
        ("CONF_MISSES_OUTPUT", "outputs", "sum", "returned ok without writing the required output(s) summary"),
        ("CONF_EMPTY_MESSAGE", "error-messages", "sum", "example 'refuses': run returned invalid_input with an empty message"),
        ("CONF_RACY_PREDICT", "model-threads", "fit", "concurrent predictions differ from the one made alone"),
    ] as [(String, String, String?, String)])
    func aPluginBreakingOneRuleFailsTheCheckOfThatRuleByName(define: String, rule: String, stage: String?, words: String) throws {
        let checked = try check(defines: [define])

        #expect(checked.status == 4, "a failed check exits 4: \(checked.stdout)\n\(checked.stderr)")
        #expect(checked.outcome(rule, stage: stage) == "failed", "\(checked.results)")
        #expect(checked.detail(rule, stage: stage).contains(words), "\(checked.detail(rule, stage: stage))")
        #expect(checked.failed == [rule], "only the broken rule fails: \(checked.failed)")
        #expect(checked.report["failed_checks"] as? [String] == [rule])
        #expect(checked.report["passed"] as? Bool == false)
    }

    @Test func aPluginThatCrashesFailsTheCheckAndTheCheckerCarriesOn() throws {
        let checked = try check(defines: ["CONF_CRASH_IN_DESTROY"])

        #expect(checked.status == 4, "\(checked.stdout)\n\(checked.stderr)")
        #expect(checked.outcome("create-destroy", stage: "sum") == "failed")
        #expect(checked.detail("create-destroy", stage: "sum").contains("the worker was killed by SIGSEGV (segmentation fault)"), "\(checked.detail("create-destroy", stage: "sum"))")
        // The other stage's checks still ran, in workers of their own.
        #expect(checked.outcome("model-threads", stage: "fit") == "passed")
    }

    @Test func aPluginThatCallsExitFailsTheChecksThatRunIt() throws {
        let checked = try check(defines: ["CONF_EXIT_IN_RUN"])

        #expect(checked.status == 4)
        #expect(checked.outcome("examples", stage: "sum") == "failed")
        #expect(checked.detail("examples", stage: "sum").contains("exited with status 0 before reporting its result (did the plugin call exit()?)"), "\(checked.detail("examples", stage: "sum"))")
        #expect(checked.outcome("create-destroy", stage: "sum") == "passed", "create and destroy never run the stage")
    }

    @Test func aWorkerThatOverrunsTheTimeoutIsStoppedAndItsCheckFails() throws {
        // The example takes 3 s when it ignores cancellation; give each check 1 s.
        let checked = try check(defines: ["CONF_IGNORES_CANCEL"], extra: ["--timeout", "1"])

        #expect(checked.status == 4)
        #expect(checked.outcome("examples", stage: "sum") == "failed")
        #expect(checked.detail("examples", stage: "sum").contains("did not finish in time and was stopped"), "\(checked.detail("examples", stage: "sum"))")
        #expect(checked.outcome("schema", stage: "sum") == "passed", "checks that do not run the stage are not held up")
    }

    @Test func aPluginBuiltAgainstTheFrozen10HeaderPassesWithoutWhat11Added() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fixtures = TestEnvironment.packageRoot + "/Tests/Fixtures/ABI10"
        let built = try runProcess("/usr/bin/env", ["cc", "-std=c99", "-shared", "-fPIC", "-I", fixtures, fixtures + "/abi10_plugin.c", "-o", folder.file("libabi10.so")])
        try #require(built.status == 0, "\(built.stderr)")

        let checked = try check(folder.file("libabi10.so"), in: folder.path)

        #expect(checked.status == 0, "\(checked.stdout)\n\(checked.stderr)")
        #expect(checked.outcome("descriptor") == "passed")
        #expect(checked.outcome("create-destroy", stage: "fit") == "passed")
        // 1.0 had no examples: what needs them is skipped, saying why.
        #expect(checked.outcome("examples", stage: "fit") == "skipped")
        #expect(checked.detail("cancellation", stage: "fit") == "the stage declares no examples to run and cancel")
    }

    @Test func aPluginThatDoesNotLoadFailsTheDescriptorCheck() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let library = try compileFixture("libbad.so", in: folder, defines: ["FIXTURE_KIND=99"])

        let checked = try check(library, in: folder.path)

        #expect(checked.status == 4)
        #expect(checked.outcome("descriptor") == "failed")
        #expect(checked.detail("descriptor").contains("unknown stage kind 99"), "\(checked.detail("descriptor"))")
        #expect(checked.results.count == 1, "nothing more to check in a plugin that does not load")
    }

    @Test func aBuiltInPluginIsFoundByItsIdAndPasses() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        let checked = try check("sluice.hello-c", in: folder.path)

        #expect(checked.status == 0, "\(checked.stdout)\n\(checked.stderr)")
        #expect(checked.outcome("examples", stage: "greet") == "passed", "\(checked.results)")
        #expect(checked.outcome("create-destroy", stage: "greet") == "passed", "\(checked.detail("create-destroy", stage: "greet"))")
        #expect(checked.outcome("model-threads") == "skipped", "sluice.hello-c has no model capability")
    }

    @Test func aSwiftPluginOfTheSDKPassesToo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        let checked = try check("sluice.transforms", in: folder.path)

        #expect(checked.status == 0, "\(checked.stdout)\n\(checked.stderr)")
        #expect(checked.outcome("examples", stage: "select") == "passed", "\(checked.results)")
        #expect(checked.outcome("create-destroy", stage: "select") == "passed", "\(checked.detail("create-destroy", stage: "select"))")
    }

    @Test func anUnknownIdIsAUsageErrorNamingWhereSluiceLooked() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        let checked = try check("com.example.nothing", in: folder.path)

        #expect(checked.status == 2, "\(checked.stdout)\n\(checked.stderr)")
        #expect(checked.stderr.contains("no plugin 'com.example.nothing' was found"), "\(checked.stderr)")
        #expect(checked.stderr.contains("[plugin.unknown]"))
    }

    @Test func theWorkerOptionsAreHiddenFromHelp() throws {
        let help = try runProcess(TestEnvironment.sluice(), ["plugins", "check", "--help"])

        #expect(help.stdout.contains("--json"))
        #expect(!help.stdout.contains("--child"))
        #expect(!help.stdout.contains("--result"))
    }
}
