import Foundation
import SluiceTestSupport
import Testing

/// `sluice new`: projects from the shipped templates, and every refusal.
@Suite struct ScaffoldProjectTests {
    @Test func listShowsEveryTemplateWithItsKindAndDescription() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        let result = try ScaffoldCLI.built().run(["new", "--list"], in: folder.path)

        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first?.hasPrefix("TEMPLATE") == true)
        for (name, kind) in [("classification", "project"), ("regression", "project"), ("plugin-c", "plugin"), ("plugin-swift", "plugin")] {
            #expect(rows.contains { $0.hasPrefix(name + " ") && $0.contains(" \(kind) ") && $0.contains(" built-in ") }, "\(name)")
        }
        #expect(result.stdout.contains("searched: \(TestEnvironment.packageRoot)/templates (built-in)"))
    }

    @Test func aProjectIsCreatedFromTheRegressionTemplateByDefault() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        let result = try ScaffoldCLI.built().run(["new", "house-prices"], in: folder.path)

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("created project 'house-prices' from template 'regression' in house-prices/:"))
        #expect(result.stdout.hasSuffix("next:\n  cd house-prices && sluice run\n"))
        for file in ["sluice.yaml", "README.md", ".gitignore", "data/diabetes.csv", "data/SOURCE.md", "plugins/README.md"] {
            #expect(FileManager.default.fileExists(atPath: folder.file("house-prices/" + file)), "\(file)")
        }
        let pipeline = try String(contentsOfFile: folder.file("house-prices/sluice.yaml"), encoding: .utf8)
        #expect(pipeline.hasPrefix("version: 1\nname: house-prices\n"))
        #expect(pipeline.contains("uses: sluice.linear/ridge"))
        #expect(pipeline.contains(#"r2: ">= 0.3""#))
    }

    @Test func namesAndVariablesComeFromTheCommandLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        let result = try ScaffoldCLI.built().run(["new", "out", "--template", "classification", "--name", "cancer", "--var", "min_accuracy=0.93"], in: folder.path)

        #expect(result.status == 0, "\(result.stderr)")
        let pipeline = try String(contentsOfFile: folder.file("out/sluice.yaml"), encoding: .utf8)
        #expect(pipeline.contains("name: cancer\n"))
        #expect(pipeline.contains(#"accuracy: ">= 0.93""#))
        #expect(pipeline.contains(#"roc_auc: ">= 0.95""#))
    }

    @Test func aFolderThatIsNotEmptyIsRefusedUnlessForced() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("p"), withIntermediateDirectories: true)
        try folder.write("p/sluice.yaml", "mine\n")
        let cli = try ScaffoldCLI.built()

        let refused = try cli.run(["new", "p"], in: folder.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("p: error: the folder exists and is not empty"))
        #expect(refused.stderr.hasSuffix("[scaffold.target-not-empty]\n"))
        #expect(try String(contentsOfFile: folder.file("p/sluice.yaml"), encoding: .utf8) == "mine\n")

        let forced = try cli.run(["new", "p", "--force"], in: folder.path)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("  sluice.yaml  (replaced)"))
    }

    @Test(arguments: [
        (["new", "p", "--template", "regresion"], 2, "no template named 'regresion'. Did you mean 'regression'? Project templates: classification, classification-python, regression", "scaffold.unknown-template"),
        (["new", "p", "--template", "plugin-c"], 2, "'plugin-c' is a plugin template", "scaffold.wrong-kind"),
        (["new", "my project"], 2, "Use letters, digits, '-', '_' and '.', starting with a letter or digit", "scaffold.invalid-name"),
        (["new", "p", "--name", "../up"], 2, "is not a valid project name", "scaffold.invalid-name"),
        (["new", "p", "--var", "min_r2=../../etc"], 2, "contains `..` as a path component", "scaffold.bad-var"),
        (["new", "p", "--var", "alpha=2"], 2, "has no variable 'alpha'; it has: model, min_r2", "scaffold.bad-var"),
        (["new", "p", "--var", "model=lasso"], 2, "Use one of: ridge, linear", "scaffold.bad-var"),
        (["new"], 2, "name the folder to create", "cli.missing-argument"),
        (["new", "p", "--templates", "/nonexistent/templates"], 3, "template folder (from --templates) does not exist", "template.folder-missing"),
    ])
    func badRequestsAreRefusedWithAReason(arguments: [String], status: Int32, words: String, code: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        let result = try ScaffoldCLI.built().run(arguments, in: folder.path)

        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(words), "\(result.stderr)")
        #expect(result.stderr.contains("[\(code)]"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("p")))
    }

    @Test func aBrokenManifestIsReportedAtItsFileAndLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("mine/team/files"), withIntermediateDirectories: true)
        try folder.write("mine/team/template.yaml", "version: 1\nkind: project\ndescription: ours\nfiles:\n  - {from: a.txt, when: tets}\n")
        try folder.write("mine/team/files/a.txt", "a\n")

        let result = try ScaffoldCLI.built().run(["new", "p", "--template", "team", "--templates", folder.file("mine")], in: folder.path)

        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix(folder.file("mine/team/template.yaml") + ":5:"), "\(result.stderr)")
        #expect(result.stderr.contains("[template.unknown-variable]"))
    }

    @Test func templatesFromSLUICE_TEMPLATESAreFoundBeforeTheBuiltInOnes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("team/regression/files"), withIntermediateDirectories: true)
        try folder.write("team/regression/template.yaml", "version: 1\nkind: project\ndescription: the team's own\nfiles: [sluice.yaml.mustache]\n")
        try folder.write("team/regression/files/sluice.yaml.mustache", "version: 1\nname: {{name}}\nstages: {}\n")
        var cli = try ScaffoldCLI.built()
        cli.environment["SLUICE_TEMPLATES"] = folder.file("team")

        let result = try cli.run(["new", "p"], in: folder.path)

        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: folder.file("p/sluice.yaml"), encoding: .utf8) == "version: 1\nname: p\nstages: {}\n")
    }

    // MARK: end to end: the rendered project runs green at once

    /// The stages before training use plugins that exist today: the dataset loads with its
    /// target, splits (stratified for classification) and standardizes.
    @Test(arguments: ["regression", "classification"])
    func theDataStagesOfANewProjectRun(template: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cli = try ScaffoldCLI.built()
        try #require(try cli.run(["new", "project", "--template", template], in: folder.path).status == 0)
        let file = folder.file("project/sluice.yaml")
        let pipeline = try String(contentsOfFile: file, encoding: .utf8)
        let beforeTraining = try #require(pipeline.range(of: "\n  # Fits the model|\n  # L2-regularised", options: .regularExpression))
        try String(pipeline[..<beforeTraining.lowerBound] + "\n").write(toFile: file, atomically: true, encoding: .utf8)

        let run = try cli.run(["run", "--quiet"], in: folder.file("project"))

        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(ScaffoldCLI.stages(try cli.lastRun(in: folder.file("project"))) == ["load": "succeeded", "split": "succeeded", "standardize": "succeeded"])
    }

    @Test(
        "sluice run succeeds in a new project, every stage included",
        arguments: [("regression", "evaluate.r2"), ("classification", "evaluate.accuracy")]
    )
    func aNewProjectRunsGreen(template: String, metric: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cli = try ScaffoldCLI.built()
        let created = try cli.run(["new", "project", "--template", template], in: folder.path)
        try #require(created.status == 0, "\(created.stderr)")

        let run = try cli.run(["run", "--quiet"], in: folder.file("project"))

        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let recorded = try cli.lastRun(in: folder.file("project"))
        #expect(recorded["status"] as? String == "succeeded")
        #expect(ScaffoldCLI.stages(recorded) == ["load": "succeeded", "split": "succeeded", "standardize": "succeeded", "train": "succeeded", "evaluate": "succeeded"])
        #expect((recorded["metrics"] as? [String: Double])?[metric] != nil, "\(recorded["metrics"] ?? [:])")
    }
}
