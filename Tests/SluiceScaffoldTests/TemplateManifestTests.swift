import Foundation
@testable import SluiceScaffold
import SluiceSupport
import SluiceTestSupport
import Testing

/// Reading `template.yaml`: what a valid manifest gives, and every broken one reported
/// at its file:line:column.
@Suite struct TemplateManifestTests {
    @Test func aValidManifestGivesItsVariablesFilesAndConditions() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        let root = try fixture.template("demo", manifest: demoManifest, files: demoFiles)

        let manifest = try TemplateManifestReader.read(folder: root)

        #expect(manifest.kind == .project)
        #expect(manifest.description == "A demo project")
        #expect(manifest.next == "sluice run")
        #expect(manifest.variables.map(\.name) == ["model", "docs", "title"])
        #expect(manifest.variables[0].kind == .choice(["ridge", "linear"]))
        #expect(manifest.variables[1].kind == .bool)
        #expect(manifest.variables[2].kind == .string)
        #expect(manifest.variables[2].defaultValue == "{{name}} with {{model}}")
        #expect(manifest.files.map(\.from) == ["sluice.yaml.mustache", "gitignore", "docs/guide.md.mustache", "ridge.txt", "data/raw.csv"])
        #expect(manifest.files.map(\.to) == ["sluice.yaml", ".gitignore", "docs/{{name}}-guide.md", "ridge.txt", "data/raw.csv"])
        #expect(manifest.files.map(\.render) == [true, false, true, false, false])
        #expect(manifest.files[3].condition?.description == "model == ridge && !docs")
        #expect(manifest.files[0].location.line == 19)
    }

    /// Each broken manifest, the code of its first problem and where it is.
    @Test(arguments: [
        ("version: 1\nkind: project\ndescription: d\nfiles: [a.txt]\nfils: []\n", "template.unknown-key", 5, "Did you mean 'files'?"),
        ("version: 2\nkind: project\ndescription: d\nfiles: [a.txt]\n", "template.manifest", 1, "`version` must be 1"),
        ("version: 1\nkind: library\ndescription: d\nfiles: [a.txt]\n", "template.manifest", 2, "`kind` must be `project` or `plugin`"),
        ("version: 1\nkind: project\nfiles: [a.txt]\n", "template.missing-key", 1, "missing `description`"),
        ("version: 1\nkind: project\ndescription: d\nfiles:\n  - a.txt\n  - missing.txt\n", "template.missing-file", 6, "files/missing.txt does not exist"),
        ("version: 1\nkind: project\ndescription: d\nfiles:\n  - a.txt\n  - ../secret\n", "template.path-traversal", 6, "contains `..`"),
        ("version: 1\nkind: project\ndescription: d\nfiles:\n  - a.txt\n  - /etc/passwd\n", "template.path-traversal", 6, "is absolute"),
        ("version: 1\nkind: project\ndescription: d\nfiles:\n  - {from: a.txt, to: ../../a.txt}\n", "template.path-traversal", 5, "leaves the new folder"),
        ("version: 1\nkind: project\ndescription: d\nfiles:\n  - {from: a.txt, to: \"{{nam}}.txt\"}\n", "template.unknown-variable", 5, "uses {{nam}}"),
        ("version: 1\nkind: project\ndescription: d\nfiles:\n  - {from: a.txt, when: tets}\n", "template.unknown-variable", 5, "uses 'tets', which is not a variable of this template. Known: name, sluice_version"),
        ("version: 1\nkind: project\ndescription: d\nvariables: [{name: tests, type: bool}]\nfiles:\n  - {from: a.txt, when: tets}\n", "template.unknown-variable", 6, "Did you mean 'tests'?"),
        ("version: 1\nkind: project\ndescription: d\nfiles:\n  - {from: a.txt, when: \"name ==\"}\n", "template.bad-condition", 5, "must be followed by a value"),
        ("version: 1\nkind: project\ndescription: d\nvariables:\n  - {name: m, type: choice, choices: [a, b]}\nfiles:\n  - {from: a.txt, when: m == c}\n", "template.bad-condition", 7, "not one of its choices"),
        ("version: 1\nkind: project\ndescription: d\nvariables:\n  - {name: name}\nfiles: [a.txt]\n", "template.manifest", 5, "set by `sluice` itself"),
        ("version: 1\nkind: project\ndescription: d\nvariables:\n  - {name: x, type: number}\nfiles: [a.txt]\n", "template.manifest", 5, "unknown variable type 'number'"),
        ("version: 1\nkind: project\ndescription: d\nvariables:\n  - {name: x, type: bool, default: maybe}\nfiles: [a.txt]\n", "template.manifest", 5, "not a yes/no value"),
        ("version: 1\nkind: project\ndescription: d\nvariables:\n  - {name: x}\n  - {name: x}\nfiles: [a.txt]\n", "template.manifest", 6, "declared twice"),
        ("version: 1\nkind: project\ndescription: d\nvariables:\n  - {name: Bad-Name}\nfiles: [a.txt]\n", "template.manifest", 5, "not a valid variable name"),
        ("version: 1\nkind: project\ndescription: d\nfiles: [a.txt]\n  oops: [\n", "config.yaml-syntax", 5, "invalid YAML"),
        ("version: 1\nkind: project\ndescription: d\nfiles: []\n", "template.unlisted-file", 4, "files/a.txt is not listed"),
    ])
    func aBrokenManifestIsReportedWhereItIsBroken(yaml: String, code: String, line: Int, words: String) throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        let root = try fixture.template("broken", manifest: yaml, files: ["a.txt": "a\n"])

        let problem = try #require(fixture.problems(root).first)

        #expect(problem.code == code, "\(problem)")
        #expect(problem.location?.file == root + "/template.yaml")
        #expect(problem.location?.line == line, "\(problem)")
        #expect(problem.message.contains(words), "\(problem)")
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        let root = try fixture.template("broken", manifest: "version: 1\nkind: project\ndescription: d\nfiles:\n  - ../a\n  - {from: a.txt, when: nope}\n", files: ["a.txt": "a\n"])

        #expect(fixture.problems(root).map(\.code) == ["template.path-traversal", "template.unknown-variable"])
        #expect(fixture.problems(root).map { $0.location?.line } == [5, 6])
    }

    @Test func aLinkLeadingOutOfTheTemplateIsRefused() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        let root = try fixture.template("linked", manifest: "version: 1\nkind: project\ndescription: d\nfiles:\n  - passwd\n")
        try FileManager.default.createSymbolicLink(atPath: root + "/files/passwd", withDestinationPath: "/etc/passwd")

        let problem = try #require(fixture.problems(root).first)
        #expect(problem.code == "template.path-traversal")
        #expect(problem.message.contains("outside the template"))
    }

    @Test func aMissingManifestSaysWhatAFolderNeeds() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        let problem = try #require(fixture.problems(fixture.templates).first)
        #expect(problem.code == "template.no-manifest")
    }

    @Test func pluginTemplatesMayUseThePluginBuiltIns() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        let root = try fixture.template("p", manifest: """
            version: 1
            kind: plugin
            description: d
            files:
              - {from: a.txt, to: "Sources/{{module}}/{{c_name}}.txt", when: kind == trainer || kind == tester}
            """, files: ["a.txt": "a\n"])
        #expect(fixture.problems(root).isEmpty)
    }
}
