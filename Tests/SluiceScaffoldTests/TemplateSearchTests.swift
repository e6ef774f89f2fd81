import Foundation
@testable import SluicePipeline
@testable import SluiceScaffold
@testable import SluiceSupport
import SluiceTestSupport
import Testing

/// Where templates are found: --templates, SLUICE_TEMPLATES, then the ones that come with
/// sluice (beside it, in an installed prefix, or in the source checkout).
@Suite struct TemplateSearchTests {
    @Test func theSearchOrderIsOptionThenEnvironmentThenBuiltIn() {
        let installation = SluiceInstallation(executableFolder: "/nowhere/bin", prefix: nil, checkout: TestEnvironment.packageRoot)
        let folders = TemplateFolder.searchPath(explicit: "/mine", environment: ["SLUICE_TEMPLATES": "/team:/org"], installation: installation)

        #expect(folders.map(\.path) == ["/mine", "/team", "/org", TestEnvironment.packageRoot + "/templates"])
        #expect(folders.map(\.origin) == ["--templates", "SLUICE_TEMPLATES", "SLUICE_TEMPLATES", "built-in"])
        #expect(folders.map(\.optional) == [false, false, false, true])
    }

    @Test func aTemplateEarlierInTheSearchPathHidesOneWithTheSameName() throws {
        let mine = try TemplateFixture()
        let theirs = try TemplateFixture()
        defer { mine.remove(); theirs.remove() }
        try mine.template("regression", manifest: "version: 1\nkind: project\ndescription: mine\nfiles: [a.txt]\n", files: ["a.txt": "a\n"])
        try theirs.template("regression", manifest: "version: 1\nkind: project\ndescription: theirs\nfiles: [a.txt]\n", files: ["a.txt": "a\n"])
        try theirs.template("other", manifest: "version: 1\nkind: project\ndescription: other\nfiles: [a.txt]\n", files: ["a.txt": "a\n"])

        let catalog = TemplateCatalog.discover([
            TemplateFolder(path: mine.templates, origin: "--templates"),
            TemplateFolder(path: theirs.templates, origin: "built-in", optional: true),
        ])

        #expect(catalog.templates.map(\.name) == ["regression", "other"])
        #expect(catalog.templates.map(\.manifest.description) == ["mine", "other"])
        #expect(catalog.templates.map(\.origin) == ["--templates", "built-in"])
    }

    @Test func anUnknownTemplateListsTheOnesThereAre() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        try fixture.template("regression", manifest: "version: 1\nkind: project\ndescription: r\nfiles: [a.txt]\n", files: ["a.txt": "a\n"])
        try fixture.template("classification", manifest: "version: 1\nkind: project\ndescription: c\nfiles: [a.txt]\n", files: ["a.txt": "a\n"])

        let error = try #require(throws: SluiceError.self) { try fixture.catalog().template("regresion", kind: .project) }

        #expect(error.code == .scaffoldUnknownTemplate)
        #expect(error.message.contains("Did you mean 'regression'?"))
        #expect(error.message.contains("Project templates: classification, regression"))
    }

    @Test func aTemplateOfTheOtherKindIsRefusedWithTheRightCommand() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        try fixture.template("plugin-c", manifest: "version: 1\nkind: plugin\ndescription: p\nfiles: [a.txt]\n", files: ["a.txt": "a\n"])

        let error = try #require(throws: SluiceError.self) { try fixture.catalog().template("plugin-c", kind: .project) }

        #expect(error.code == .scaffoldWrongKind)
        #expect(error.message.contains("sluice plugin new NAME --template plugin-c"))
    }

    @Test func aTemplateNameIsAFolderNameNotAPath() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        let error = try #require(throws: SluiceError.self) { try fixture.catalog().template("../../etc", kind: .project) }
        #expect(error.code == .scaffoldUnknownTemplate)
    }

    @Test func aBrokenTemplateFailsOnlyWhenUsed() throws {
        let fixture = try TemplateFixture()
        defer { fixture.remove() }
        try fixture.template("good", manifest: "version: 1\nkind: project\ndescription: g\nfiles: [a.txt]\n", files: ["a.txt": "a\n"])
        try fixture.template("bad", manifest: "version: 1\nkind: project\n")
        let catalog = fixture.catalog()

        #expect(try catalog.template("good", kind: .project).name == "good")
        let error = try #require(throws: Diagnostics.self) { try catalog.template("bad", kind: .project) }
        #expect(error.items.first?.location?.file.hasSuffix("bad/template.yaml") == true)
    }

    @Test func aNamedFolderThatDoesNotExistIsAnError() throws {
        let catalog = TemplateCatalog.discover([TemplateFolder(path: "/nonexistent/templates", origin: "SLUICE_TEMPLATES")])
        let error = try #require(throws: SluiceError.self) { try catalog.template("regression", kind: .project) }
        #expect(error.code == .templateFolderMissing)
        #expect(error.message.contains("SLUICE_TEMPLATES"))
    }

    // MARK: the installation

    @Test func anInstalledPrefixProvidesTemplatesSDKAndHeader() throws {
        let prefix = try TemporaryFolder()
        defer { prefix.remove() }
        for folder in ["bin", "share/sluice/templates", "share/sluice/sdk", "include/sluice"] {
            try FileManager.default.createDirectory(atPath: prefix.file(folder), withIntermediateDirectories: true)
        }
        try prefix.write("bin/sluice", "")
        try prefix.write("share/sluice/sdk/Package.swift", "")
        try prefix.write("include/sluice/sluice_abi.h", "")

        let installation = SluiceInstallation.locate(executablePath: prefix.file("bin/sluice"))

        #expect(installation.prefix == prefix.path)
        #expect(installation.builtInTemplates == prefix.file("share/sluice/templates"))
        #expect(installation.sdk == prefix.file("share/sluice/sdk"))
        #expect(installation.header == prefix.file("include/sluice/sluice_abi.h"))
    }

    @Test func aBuildInTheCheckoutUsesTheCheckout() throws {
        let installation = SluiceInstallation.locate(executablePath: try TestEnvironment.sluice())

        #expect(installation.prefix == nil)
        #expect(installation.checkout == TestEnvironment.packageRoot)
        #expect(installation.builtInTemplates == TestEnvironment.packageRoot + "/templates")
        #expect(installation.sdk == TestEnvironment.packageRoot)
        #expect(installation.header == TestEnvironment.packageRoot + "/Sources/CSluiceABI/include/sluice_abi.h")
    }

    @Test func templatesBesideTheExecutableComeFirst() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("templates"), withIntermediateDirectories: true)
        let installation = SluiceInstallation(executableFolder: folder.path, prefix: nil, checkout: TestEnvironment.packageRoot)
        #expect(installation.builtInTemplates == folder.file("templates"))
    }

    // MARK: names

    @Test(arguments: ["house-prices", "HousePrices2", "a.b_c", "7up"])
    func validProjectNames(name: String) throws {
        try ScaffoldNames.checkProject(name, source: "--name")
    }

    @Test(arguments: ["", "-lead", ".hidden", "has space", "a/b", "émigré", String(repeating: "x", count: 65)])
    func invalidProjectNamesSayWhichCharactersAreAllowed(name: String) throws {
        let error = try #require(throws: SluiceError.self) { try ScaffoldNames.checkProject(name, source: "--name") }
        #expect(error.code == .scaffoldInvalidName)
        #expect(error.message.contains("letters, digits, '-', '_' and '.'"))
    }

    @Test(arguments: ["Clip", "1clip", "clip.outliers", "clip outliers", "../x", ""])
    func invalidPluginNamesSayWhichCharactersAreAllowed(name: String) throws {
        let error = try #require(throws: SluiceError.self) { try ScaffoldNames.checkPlugin(name) }
        #expect(error.message.contains("lowercase letters, digits, '-' and '_'"))
    }

    @Test func pluginNamesGiveTheLanguagesTheirIdentifiers() throws {
        try ScaffoldNames.checkPlugin("clip-outliers_2")
        #expect(ScaffoldNames.swiftModule("clip-outliers_2") == "ClipOutliers2")
        #expect(ScaffoldNames.cIdentifier("clip-outliers_2") == "clip_outliers_2")
    }
}
