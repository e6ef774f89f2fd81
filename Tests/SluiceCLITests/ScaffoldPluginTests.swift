import Foundation
import SluiceTestSupport
import Testing

/// `sluice plugin new`: a C plugin that builds with `make`, loads, and runs in its example
/// pipeline; and the refusals. (The Swift plugin is built from an installed copy in
/// ScaffoldInstallTests, once per test run, since building it takes a while.)
@Suite struct ScaffoldPluginTests {
    @Test func aCPluginBuildsLoadsAndRunsInItsExamplePipeline() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cli = try ScaffoldCLI.built()

        let created = try cli.run(["plugin", "new", "summary-c", "--lang", "c", "--kind", "tester"], in: folder.path)

        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("created C plugin 'com.example.summary-c' from template 'plugin-c' in summary-c/:"))
        #expect(created.stdout.hasSuffix("next:\n  cd summary-c && make\n"), "the one build command comes last")
        let plugin = folder.file("summary-c")
        let header = try String(contentsOfFile: plugin + "/include/sluice_abi.h", encoding: .utf8)
        #expect(header == (try String(contentsOfFile: TestEnvironment.header + "/sluice_abi.h", encoding: .utf8)))

        let built = try runProcess("/usr/bin/env", ["make"], directory: plugin)
        try #require(built.status == 0, "make failed:\n\(built.stdout)\n\(built.stderr)")
        // make test runs the unit test, then the conformance kit on the built library.
        let tested = try runProcess("/usr/bin/env", ["make", "test", "SLUICE=" + cli.executable], directory: plugin)
        #expect(tested.status == 0, "\(tested.stdout)\n\(tested.stderr)")
        #expect(tested.stdout.contains("all summary tests passed"))
        #expect(tested.stdout.contains("com.example.summary-c 0.1.0: conforms: "), "\(tested.stdout)")
        #expect(tested.stdout.contains("examples        summary-c  passed"), "the template's example runs: \(tested.stdout)")

        let inspected = try cli.run(["plugins", "inspect", "com.example.summary-c", "--plugin-path", "build"], in: plugin)
        #expect(inspected.status == 0, "\(inspected.stderr)")
        #expect(inspected.stdout.contains("stage com.example.summary-c/summary-c (tester, 0.1.0)"))
        #expect(inspected.stdout.contains("numbers (blob)"))
        #expect(inspected.stdout.contains("summary (report)"))
        #expect(inspected.stdout.contains("\"min_count\""))

        let ran = try cli.run(["run", "--quiet"], in: plugin + "/example")
        #expect(ran.status == 0, "\(ran.stdout)\n\(ran.stderr)")
        let run = try cli.lastRun(in: plugin + "/example")
        #expect(ScaffoldCLI.stages(run) == ["numbers": "succeeded", "summarize": "succeeded"])
        #expect((run["metrics"] as? [String: Double])?["summarize.mean"] == 4.4375)
        #expect((run["metrics"] as? [String: Double])?["summarize.count"] == 4)

        // The error path: too few numbers fail the stage with the plugin's own message.
        try folder.write("two.txt", "1\n2\n")
        let failed = try cli.run(["plugins", "run", "com.example.summary-c/summary-c", "--plugin-path", "build", "--with", #"{"min_count": 3}"#, "--input", "numbers=" + folder.file("two.txt")], in: plugin)
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("the 'numbers' input holds 2 number(s), fewer than min_count (3)"), "\(failed.stderr)")
    }

    @Test func withoutTestsTheCPluginHasNoTestFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        let created = try ScaffoldCLI.built().run(["plugin", "new", "plain", "--lang", "c", "--var", "tests=no"], in: folder.path)

        #expect(created.status == 0, "\(created.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("plain/tests")))
        let makefile = try String(contentsOfFile: folder.file("plain/Makefile"), encoding: .utf8)
        #expect(makefile.contains("no tests in this plugin"))
        #expect(!makefile.contains("test_summary"))
        #expect(makefile.contains("$(SLUICE) plugins check $(PLUGIN)"), "make test still runs the conformance kit")
    }

    @Test func theSwiftPackageDependsOnTheCheckoutWhenSluiceRunsFromIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        let created = try ScaffoldCLI.built().run(["plugin", "new", "clip-outliers", "--lang", "swift", "--kind", "trainer", "--id", "com.acme.clip"], in: folder.path)

        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.hasSuffix("next:\n  cd clip-outliers && swift build\n"))
        let package = try String(contentsOfFile: folder.file("clip-outliers/Package.swift"), encoding: .utf8)
        #expect(package.contains(".package(path: \"\(TestEnvironment.packageRoot)\")"))
        #expect(package.contains(".library(name: \"ClipOutliers\", type: .dynamic, targets: [\"ClipOutliers\"])"))
        let checkout = URL(fileURLWithPath: TestEnvironment.packageRoot).lastPathComponent
        #expect(package.contains(".product(name: \"SluiceKitTesting\", package: \"\(checkout)\")"))
        let stage = try String(contentsOfFile: folder.file("clip-outliers/Sources/ClipOutliers/ClipOutliers.swift"), encoding: .utf8)
        #expect(stage.contains("struct ClipOutliers: Trainer {"))
        #expect(stage.contains("static let id = \"clip-outliers\""))
        let plugin = try String(contentsOfFile: folder.file("clip-outliers/Sources/ClipOutliers/Plugin.swift"), encoding: .utf8)
        #expect(plugin.contains("id: \"com.acme.clip\""))
        let tests = try String(contentsOfFile: folder.file("clip-outliers/Tests/ClipOutliersTests/ClipOutliersTests.swift"), encoding: .utf8)
        #expect(tests.contains("import SluiceKitTesting"))
        #expect(tests.contains("try StageHarness(plugin, stage: \"clip-outliers\")"))
    }

    @Test(arguments: [
        (["plugin", "new", "Clip", "--lang", "c"], "'Clip' is not a valid plugin name. Use lowercase letters, digits, '-' and '_'", "scaffold.invalid-name"),
        (["plugin", "new", "../clip", "--lang", "c"], "is not a valid plugin name", "scaffold.invalid-name"),
        (["plugin", "new", "clip", "--lang", "c", "--id", "Com.Acme"], "is not a valid plugin id. Use lowercase letters, digits, '.', '-' and '_'", "scaffold.invalid-name"),
        (["plugin", "new", "clip", "--lang", "c", "--kind", "scorer"], "unknown stage kind. Use one of: loader, transformer, trainer, tester, deployer, monitor", "scaffold.bad-kind"),
        (["plugin", "new", "clip", "--lang", "c", "--template", "regression"], "'regression' is a project template", "scaffold.wrong-kind"),
        (["plugin", "new", "clip", "--lang", "c", "--var", "tests=../x"], "contains `..` as a path component", "scaffold.bad-var"),
    ])
    func badPluginRequestsAreRefused(arguments: [String], words: String, code: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        let result = try ScaffoldCLI.built().run(arguments, in: folder.path)

        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(words), "\(result.stderr)")
        #expect(result.stderr.contains("[\(code)]"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func anExistingPluginFolderIsNotOverwritten() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("clip"), withIntermediateDirectories: true)
        try folder.write("clip/Makefile", "mine\n")

        let result = try ScaffoldCLI.built().run(["plugin", "new", "clip", "--lang", "c"], in: folder.path)

        #expect(result.status == 2)
        #expect(result.stderr.contains("[scaffold.target-not-empty]"))
        #expect(try String(contentsOfFile: folder.file("clip/Makefile"), encoding: .utf8) == "mine\n")
    }
}
