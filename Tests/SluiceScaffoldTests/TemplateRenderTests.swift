import Foundation
@testable import SluiceScaffold
@testable import SluiceSupport
import SluiceTestSupport
import Testing

/// Writing a template into a folder: variables, conditions, file names, and refusals.
@Suite struct TemplateRenderTests {
    @Test func rendersTheTemplateWithItsDefaults() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        try fixture.template("demo", manifest: demoManifest, files: demoFiles)
        let target = fixture.folder.file("out")

        let result = try fixture.render("demo", into: target)

        #expect(result.files == ["sluice.yaml", ".gitignore", "ridge.txt", "data/raw.csv"])
        #expect(result.replaced.isEmpty)
        // Text is not HTML-escaped; a choice gives a flag per value; defaults use other variables.
        #expect(fixture.read(target + "/sluice.yaml") == "name: demo\nmodel: ridge\nalpha: 1.0\ntitle: demo with ridge\nquote: \"a & b < c\"\n")
        // Files without .mustache are copied as they are.
        #expect(fixture.read(target + "/data/raw.csv") == "x,y\n1,{{not-rendered}}\n")
        #expect(fixture.read(target + "/.gitignore") == ".sluice/\n")
    }

    @Test func givenValuesChooseFilesAndTheirNames() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        try fixture.template("demo", manifest: demoManifest, files: demoFiles)
        let target = fixture.folder.file("out")

        let result = try fixture.render("demo", given: ["model": "linear", "docs": "yes", "title": "T"], into: target)

        #expect(result.files == ["sluice.yaml", ".gitignore", "docs/demo-guide.md", "data/raw.csv"])
        #expect(fixture.read(target + "/sluice.yaml") == "name: demo\nmodel: linear\ntitle: T\nquote: \"a & b < c\"\n")
        #expect(fixture.read(target + "/docs/demo-guide.md") == "# T\n")
    }

    @Test func aTerminalIsAskedForWhatWasNotGiven() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        try fixture.template("demo", manifest: demoManifest, files: demoFiles)
        let manifest = try fixture.catalog().template("demo", kind: .project).manifest
        var asked: [String] = []

        let context = try TemplateValues.resolve(manifest, template: "demo", builtIns: ["name": .string("demo")], given: ["model": "linear"]) { variable, fallback in
            asked.append("\(variable.name) [\(fallback ?? "")]")
            return variable.name == "docs" ? "y" : nil
        }

        #expect(asked == ["docs [false]", "title [demo with linear]"])
        #expect(context.values["docs"] == .bool(true))
        #expect(context.values["title"] == .string("demo with linear"))
    }

    @Test func theExecutableBitOfAFileIsKept() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        let root = try fixture.template("tool", manifest: "version: 1\nkind: project\ndescription: d\nfiles: [run.sh]\n", files: ["run.sh": "#!/bin/sh\n"])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root + "/files/run.sh")
        let target = fixture.folder.file("out")

        _ = try fixture.render("tool", into: target)

        #expect(FileManager.default.isExecutableFile(atPath: target + "/run.sh"))
    }

    // MARK: refusals

    @Test func aFolderThatIsNotEmptyIsRefusedWithoutForce() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        try fixture.template("demo", manifest: demoManifest, files: demoFiles)
        let target = fixture.folder.file("out")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try fixture.folder.write("out/sluice.yaml", "mine\n")
        try fixture.folder.write("out/notes.txt", "keep me\n")

        let error = try #require(throws: SluiceError.self) { try fixture.render("demo", into: target) }
        #expect(error.code == .scaffoldTargetNotEmpty)
        #expect(error.message.contains("--force"))
        #expect(fixture.read(target + "/sluice.yaml") == "mine\n")

        let forced = try fixture.render("demo", into: target, force: true)
        #expect(forced.replaced == ["sluice.yaml"])
        #expect(fixture.read(target + "/sluice.yaml")?.hasPrefix("name: demo") == true)
        #expect(fixture.read(target + "/notes.txt") == "keep me\n")
    }

    @Test func anEmptyFolderIsUsedAsItIs() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        try fixture.template("demo", manifest: demoManifest, files: demoFiles)
        let target = fixture.folder.file("out")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)

        #expect(try fixture.render("demo", into: target).files.count == 4)
    }

    @Test func aFileInThePlaceOfTheFolderIsRefused() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        try fixture.template("demo", manifest: demoManifest, files: demoFiles)
        try fixture.folder.write("out", "a file\n")

        let error = try #require(throws: SluiceError.self) { try fixture.render("demo", into: fixture.folder.file("out"), force: true) }
        #expect(error.code == .scaffoldTargetExists)
    }

    @Test(arguments: ["../escape", "a/../../b", ".."])
    func aValueThatClimbsOutOfTheFolderIsRefused(value: String) throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        try fixture.template("demo", manifest: demoManifest, files: demoFiles)
        let target = fixture.folder.file("out")

        let error = try #require(throws: SluiceError.self) { try fixture.render("demo", given: ["title": value], into: target) }

        #expect(error.code == .scaffoldBadVar)
        #expect(error.location == "--var title")
        #expect(error.message.contains("`..`"))
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func aFileNameThatBecomesAbsoluteIsRefusedBeforeAnythingIsWritten() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        try fixture.template("named", manifest: """
            version: 1
            kind: project
            description: d
            variables: [{name: place, prompt: Where}]
            files:
              - a.txt
              - {from: b.txt, to: "{{place}}/b.txt"}
            """, files: ["a.txt": "a\n", "b.txt": "b\n"])
        let target = fixture.folder.file("out")

        let error = try #require(throws: SluiceError.self) { try fixture.render("named", given: ["place": "/tmp"], into: target) }

        #expect(error.code.id == "template.path-traversal")
        #expect(error.message.contains("'/tmp/b.txt'"))
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func aBrokenMustacheFileIsReportedAtItsLineAndNothingIsWritten() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        let root = try fixture.template("bad", manifest: "version: 1\nkind: project\ndescription: d\nfiles: [a.txt, b.txt.mustache]\n", files: [
            "a.txt": "a\n", "b.txt.mustache": "line one\n{{#open}}\nnever closed\n",
        ])
        let target = fixture.folder.file("out")

        let error = try #require(throws: SluiceError.self) { try fixture.render("bad", into: target) }

        #expect(error.code == .templateBadMustache)
        #expect(error.location.hasPrefix(root + "/files/b.txt.mustache:"))
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test(arguments: [
        (["nope": "1"], "scaffold.bad-var", "has no variable 'nope'; it has: model, docs, title"),
        (["name": "x"], "scaffold.bad-var", "set by the command itself"),
        (["model": "lasso"], "scaffold.bad-var", "not one of the choices. Use one of: ridge, linear"),
        (["docs": "perhaps"], "scaffold.bad-var", "not a yes/no value"),
    ])
    func badValuesSayWhatIsAccepted(given: [String: String], code: String, words: String) throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        try fixture.template("demo", manifest: demoManifest, files: demoFiles)

        let error = try #require(throws: SluiceError.self) { try fixture.render("demo", given: given, into: fixture.folder.file("out")) }

        #expect(error.code.id == code)
        #expect(error.message.contains(words), "\(error)")
        #expect(error.kind == .usage)
    }

    @Test func aVariableWithoutDefaultMustBeGiven() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        try fixture.template("needy", manifest: "version: 1\nkind: project\ndescription: d\nvariables: [{name: owner, prompt: Who owns it}]\nfiles: [a.txt]\n", files: ["a.txt": "a\n"])

        let error = try #require(throws: SluiceError.self) { try fixture.render("needy", into: fixture.folder.file("out")) }

        #expect(error.code == .scaffoldMissingVar)
        #expect(error.message.contains("--var owner=VALUE"))
    }

    @Test func varAssignmentsNeedAKeyAndAnEqualsSign() throws {
        #expect(try TemplateValues.parseAssignments(["a=1", "b=x=y", "c="]) == ["a": "1", "b": "x=y", "c": ""])
        #expect(throws: SluiceError.self) { try TemplateValues.parseAssignments(["novalue"]) }
        #expect(throws: SluiceError.self) { try TemplateValues.parseAssignments(["=1"]) }
    }
}
