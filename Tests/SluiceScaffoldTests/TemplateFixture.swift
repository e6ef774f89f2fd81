import Foundation
@testable import SluicePipeline
@testable import SluiceScaffold
import SluiceSupport
import SluiceTestSupport

/// A temporary folder of templates written by a test: each template is a manifest and
/// the files beside it, as a template author would lay them out.
struct TemplateFixture {
    let folder: TemporaryFolder
    var templates: String { folder.file("templates") }

    init() throws {
        folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("templates"), withIntermediateDirectories: true)
    }

    /// Writes template `name` with `manifest` and `files` (paths relative to files/); returns its folder.
    @discardableResult
    func template(_ name: String, manifest: String, files: [String: String] = [:]) throws -> String {
        let root = templates + "/" + name
        try FileManager.default.createDirectory(atPath: root + "/files", withIntermediateDirectories: true)
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: root + "/template.yaml"))
        for (path, text) in files {
            let full = root + "/files/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        }
        return root
    }

    /// The diagnostics reading the manifest of the template at `root` gives (empty when it reads).
    func problems(_ root: String) -> [Diagnostic] {
        do {
            _ = try TemplateManifestReader.read(folder: root)
            return []
        } catch {
            return error.items
        }
    }

    /// The catalog of this fixture's templates only.
    func catalog() -> TemplateCatalog {
        TemplateCatalog.discover([TemplateFolder(path: templates, origin: "--templates")])
    }

    /// Renders template `name` with `given` values into `target` (a path under the fixture).
    func render(_ name: String, builtIns: [String: TemplateValue] = ["name": .string("demo")], given: [String: String] = [:], into target: String, force: Bool = false) throws -> Scaffolder.Result {
        let found = try catalog().template(name, kind: .project)
        let context = try TemplateValues.resolve(found.manifest, template: name, builtIns: builtIns, given: given, prompter: nil)
        return try Scaffolder.create(found, context: context, into: target, force: force, header: nil)
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    func remove() { folder.remove() }
}

/// A small valid project template, used and varied by the tests.
let demoManifest = """
    version: 1
    kind: project
    description: A demo project
    next: sluice run
    variables:
      - name: model
        type: choice
        choices: [ridge, linear]
        default: ridge
        prompt: Model
      - name: docs
        type: bool
        default: false
        prompt: Write docs?
      - name: title
        default: "{{name}} with {{model}}"
        prompt: Title
    files:
      - from: sluice.yaml.mustache
      - from: gitignore
        to: .gitignore
      - from: docs/guide.md.mustache
        to: "docs/{{name}}-guide.md"
        when: docs
      - from: ridge.txt
        when: model == ridge && !docs
      - data/raw.csv
    """

let demoFiles = [
    "sluice.yaml.mustache": "name: {{name}}\nmodel: {{model}}\n{{#model_ridge}}alpha: 1.0\n{{/model_ridge}}title: {{title}}\nquote: \"a & b < c\"\n",
    "gitignore": ".sluice/\n",
    "docs/guide.md.mustache": "# {{title}}\n",
    "ridge.txt": "ridge only\n",
    "data/raw.csv": "x,y\n1,{{not-rendered}}\n",
]
