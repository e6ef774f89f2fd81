import Foundation
@testable import SluicePlugins
@testable import SluiceSupport
import SluiceTestSupport
import Testing

/// Each way a plugin file or folder can be wrong gets one clear error naming the file,
/// and the other plugins in the same folder still load.
@Suite struct BadPluginTests {
    /// Discovers a folder holding the good C plugin plus `bad`, and returns the one problem.
    private func problem(_ name: String, defines: [String] = [], prepare: ((TemporaryFolder) throws -> Void)? = nil) throws -> (SluiceError, PluginCatalog, TemporaryFolder) {
        let folder = try TemporaryFolder()
        try folder.copy(TestEnvironment.product("libSluicePluginHelloC.so"), as: "libgood.so")
        if let prepare {
            try prepare(folder)
        } else {
            _ = try compileFixture(name, in: folder, defines: defines)
        }
        let catalog = PluginCatalog.discover(PluginSearchPath([PluginFolder(path: folder.path, origin: "test")]))
        #expect(catalog.plugin("sluice.hello-c") != nil, "the good plugin must still load")
        #expect(catalog.problems.count == 1, "\(catalog.problems)")
        let problem = try #require(catalog.problems.first)
        return (problem, catalog, folder)
    }

    @Test func aFileThatIsNotASharedLibrary() throws {
        let (error, _, folder) = try problem("libtext.so") { try $0.write("libtext.so", "just some text\n") }
        defer { folder.remove() }
        #expect(error.code == .pluginNotALibrary)
        #expect(error.location == folder.file("libtext.so"))
        #expect(error.description.contains("is not a shared library"))
    }

    @Test func aLibraryWithoutTheEntrySymbol() throws {
        let (error, _, folder) = try problem("libnoentry.so", defines: ["FIXTURE_NO_ENTRY"])
        defer { folder.remove() }
        #expect(error.code == .pluginNoEntry)
        #expect(error.location == folder.file("libnoentry.so"))
        #expect(error.message.contains("sluice_plugin_entry_v1"))
    }

    @Test func anEntryThatReturnsNull() throws {
        let (error, _, folder) = try problem("libnull.so", defines: ["FIXTURE_RETURN_NULL"])
        defer { folder.remove() }
        #expect(error.code == .pluginEntryNull)
        #expect(error.message.contains("returned NULL"))
    }

    @Test func anABIMajorMismatchNamesBothVersions() throws {
        let (error, _, folder) = try problem("libabi99.so", defines: ["FIXTURE_ABI_MAJOR=99"])
        defer { folder.remove() }
        #expect(error.code == .pluginAbiMismatch)
        #expect(error.message.contains("protocol 99.\(PluginLoader.abiMinor)"))  // the fixture claims the minor it was compiled with
        #expect(error.message.contains("speaks 1.\(PluginLoader.abiMinor)"))
    }

    @Test func aSwiftPluginBuiltByAnotherToolchainLoadsButIsMarkedForAWorker() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try compileFixture("liboldswift.so", in: folder, defines: [#"FIXTURE_BUILD="swift Clang 13.0.0 (swift-5.6)""#])
        try folder.copy(TestEnvironment.product("libSluicePluginHelloC.so"), as: "libgood.so")
        let catalog = PluginCatalog.discover(PluginSearchPath([PluginFolder(path: folder.path, origin: "test")]))
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        let plugin = try #require(catalog.plugin("fixture.plugin"))
        #expect(plugin.foreignToolchain)
        #expect(plugin.build == "swift Clang 13.0.0 (swift-5.6)")
        #expect(catalog.plugin("sluice.hello-c")?.foreignToolchain == false, "a C plugin shares no runtime")
    }

    @Test func twoPluginsWithTheSameIDNameBothFiles() throws {
        let (error, catalog, folder) = try problem("libdup.so", defines: [#"FIXTURE_ID="sluice.hello-c""#])
        defer { folder.remove() }
        #expect(error.code == .pluginDuplicateId)
        #expect(error.location == folder.file("libgood.so") || error.location == folder.file("libdup.so"))
        #expect(error.message.contains(folder.file("libdup.so")) || error.message.contains(folder.file("libgood.so")))
        #expect(catalog.plugins.filter { $0.id == "sluice.hello-c" }.count == 1)
    }

    @Test func aStageWithAnUnknownKind() throws {
        let (error, _, folder) = try problem("libkind.so", defines: ["FIXTURE_KIND=42"])
        defer { folder.remove() }
        #expect(error.code == .pluginBadDescriptor)
        #expect(error.message.contains("unknown stage kind 42"))
        #expect(error.message.contains("1 (loader)"))
    }

    @Test func aStageWithoutItsCreateFunction() throws {
        let (error, _, folder) = try problem("libnocreate.so", defines: ["FIXTURE_NO_CREATE"])
        defer { folder.remove() }
        #expect(error.code == .pluginBadDescriptor)
        #expect(error.message.contains("missing: create"))
    }

    @Test func aStageWithoutAnID() throws {
        let (error, _, folder) = try problem("libnoid.so", defines: ["FIXTURE_NO_STAGE_ID"])
        defer { folder.remove() }
        #expect(error.code == .pluginBadDescriptor)
        #expect(error.message.contains("stage id is missing"))
    }

    @Test func aPluginFolderThatDoesNotExist() throws {
        let catalog = PluginCatalog.discover(PluginSearchPath([PluginFolder(path: "/nonexistent/sluice-plugins", origin: "SLUICE_PLUGIN_PATH")]))
        let error = try #require(catalog.problems.first)
        #expect(error.code == .pluginFolderMissing)
        #expect(error.location == "/nonexistent/sluice-plugins")
        #expect(error.message.contains("SLUICE_PLUGIN_PATH"))
    }

    @Test func aPluginFolderThatCannotBeRead() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("not-a-folder", "")
        let catalog = PluginCatalog.discover(PluginSearchPath([PluginFolder(path: folder.file("not-a-folder"), origin: "SLUICE_PLUGIN_PATH")]))
        let error = try #require(catalog.problems.first)
        #expect(error.code == .pluginFolderUnreadable)
        #expect(error.location == folder.file("not-a-folder"))
    }

    @Test func anOptionalFolderThatDoesNotExistIsQuietlySkipped() {
        let catalog = PluginCatalog.discover(PluginSearchPath([PluginFolder(path: "/nonexistent/project/plugins", origin: "project", optional: true)]))
        #expect(catalog.problems.isEmpty)
    }

    @Test func anUnknownStageListsWhatWasFoundAndWhereTheHostLooked() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.copy(TestEnvironment.product("libSluicePluginHelloC.so"), as: "libhello.so")
        let catalog = PluginCatalog.discover(PluginSearchPath([PluginFolder(path: folder.path, origin: "project")]))
        #expect {
            try catalog.stage("sluice.hello/greet")
        } throws: { error in
            let error = error as! SluiceError
            return error.code == .pluginUnknown && error.message.contains("Did you mean 'sluice.hello-c'?")
                && error.message.contains("Found: sluice.hello-c") && error.message.contains("\(folder.path) (project)")
        }
        #expect {
            try catalog.stage("sluice.hello-c/gret")
        } throws: { error in
            (error as! SluiceError).message.contains("Did you mean 'greet'?")
        }
    }
}
