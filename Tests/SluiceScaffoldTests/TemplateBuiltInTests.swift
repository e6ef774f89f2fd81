import Foundation
@testable import SluicePipeline
@testable import SluicePlugins
@testable import SluiceScaffold
import SluiceSupport
import SluiceTestSupport
import Testing

/// The templates that ship in templates/: each reads, renders without prompts, and a
/// project's pipeline loads against the built-in plugins.
@Suite struct TemplateBuiltInTests {
    static let shipped = TestEnvironment.packageRoot + "/templates"
    static let projects = ["classification", "classification-python", "regression"]
    /// The stages of each project template's pipeline, in order.
    static let stages = [
        "classification": ["load", "split", "standardize", "train", "evaluate"],
        "regression": ["load", "split", "standardize", "train", "evaluate"],
        // A Python script trains and exports ONNX; sluice imports, gates, releases, bundles.
        "classification-python": ["train", "test", "expected", "onnx", "quality", "fairness", "equivalence", "release", "bundle"],
    ]
    static let plugins = ["plugin-c", "plugin-swift"]

    func catalog() -> TemplateCatalog {
        TemplateCatalog.discover([TemplateFolder(path: Self.shipped, origin: "built-in")])
    }

    @Test func everyShippedTemplateReads() {
        let catalog = catalog()
        #expect(catalog.broken.map(\.problems.description) == [])
        #expect(catalog.templates.map(\.name).sorted() == (Self.projects + Self.plugins).sorted())
        #expect(catalog.templates.allSatisfy { !$0.manifest.description.isEmpty && $0.manifest.next != nil })
    }

    @Test(arguments: projects)
    func aProjectTemplateRendersAPipelineOfItsStages(template: String) throws {
        let found = try catalog().template(template, kind: .project)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let target = folder.file("project")
        let context = try TemplateValues.resolve(found.manifest, template: template, builtIns: ["name": .string("demo")], given: [:], prompter: nil)

        let result = try Scaffolder.create(found, context: context, into: target, force: false, header: nil)

        #expect(result.files.contains("sluice.yaml"))
        #expect(result.files.contains("README.md"))
        #expect(result.files.contains(".gitignore"))
        #expect(result.files.contains("plugins/README.md"))
        #expect(result.files.contains("data/SOURCE.md"))
        #expect(result.files.contains { $0.hasPrefix("data/") && $0.hasSuffix(".csv") })

        // The pipeline loads against the built plugins with no problem at all.
        let pipeline = try PipelineLoader.load(file: target + "/sluice.yaml", environment: [:], searchPath: builtInPlugins(project: target))
        #expect(pipeline.stages.map(\.name) == Self.stages[template], "every project template lists its stages above")
    }

    @Test func thePythonTemplatesScriptWritesWhatItsGatesRead() throws {
        let found = try catalog().template("classification-python", kind: .project)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let target = folder.file("project")
        let context = try TemplateValues.resolve(found.manifest, template: "classification-python", builtIns: ["name": .string("demo")], given: [:], prompter: nil)

        let result = try Scaffolder.create(found, context: context, into: target, force: false, header: nil)

        #expect(result.files.contains("train.py"))
        #expect(result.files.contains("data/generate.py"), "the synthetic data's generator ships with it")
        let pipeline = try PipelineLoader.load(file: target + "/sluice.yaml", environment: [:], searchPath: builtInPlugins(project: target))
        let stages = Dictionary(uniqueKeysWithValues: pipeline.stages.map { ($0.name, $0) })
        #expect(stages["train"]?.outs == ["build/model.onnx", "build/test.csv", "build/sklearn_predictions.csv", "build/metrics.json"])
        #expect(stages["equivalence"]?.inputs["expected"]?.stage == "expected", "scikit-learn's own predictions are what the ONNX model must match")
        #expect(stages["release"]?.approval == .manual)
    }

    @Test(arguments: plugins)
    func aPluginTemplateRendersWithEveryKind(template: String) throws {
        let found = try catalog().template(template, kind: .plugin)
        for kind in StageKindName.all {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let builtIns: [String: TemplateValue] = [
                "name": .string("clip-outliers"), "sluice_version": .string("0.1.0"), "plugin_id": .string("com.example.clip-outliers"),
                "module": .string("ClipOutliers"), "c_name": .string("clip_outliers"), "kind": .string(kind),
                "kind_type": .string(kind.capitalized), "kind_constant": .string("SLUICE_STAGE_" + kind.uppercased()),
                "sdk_path": .string(TestEnvironment.packageRoot), "sdk_package": .string("sluice"),
            ]
            let context = try TemplateValues.resolve(found.manifest, template: template, builtIns: builtIns, given: ["tests": "false"], prompter: nil)

            let result = try Scaffolder.create(found, context: context, into: folder.path, force: false, header: TestEnvironment.header + "/sluice_abi.h")

            #expect(!result.files.contains { $0.contains("Tests/") || $0.hasPrefix("tests/") }, "tests: false leaves the tests out")
            let example = try #require(FileManager.default.contents(atPath: folder.file("example/sluice.yaml")))
            #expect(String(decoding: example, as: UTF8.self).contains("uses: com.example.clip-outliers/clip-outliers"))
        }
    }

    private func builtInPlugins(project: String) -> PluginSearchPath {
        PluginSearchPath([
            PluginFolder(path: project + "/plugins", origin: "project", optional: true),
            PluginFolder(path: TestEnvironment.productsDirectory, origin: "built-in", namePrefix: "libSluicePlugin"),
        ])
    }
}
