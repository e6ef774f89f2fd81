import Foundation
@testable import SluicePlugins
import SluiceSupport
import SluiceTestSupport
import Testing

/// Discovery and loading of real plugins, copied outside the build folder the way a
/// user installs them.
@Suite struct PluginLoadingTests {
    @Test func loadsTheBuiltSwiftAndCPluginsFromAnyFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.copy(TestEnvironment.product("libSluicePluginHelloC.so"), as: "libhello.so")
        try folder.copy(TestEnvironment.product("libSluiceTestPlugin.so"), as: "libtestkit.so")

        let catalog = PluginCatalog.discover(PluginSearchPath([PluginFolder(path: folder.path, origin: "SLUICE_PLUGIN_PATH")]))

        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        #expect(catalog.plugins.map(\.id) == ["sluice.hello-c", "sluice.testkit"])
        let hello = try #require(catalog.plugin("sluice.hello-c"))
        #expect(hello.build == "c")
        #expect(hello.path == folder.file("libhello.so"))
        #expect(hello.origin == "SLUICE_PLUGIN_PATH")
        let greet = try #require(hello.stage("greet"))
        #expect(greet.kind == .loader)
        #expect(greet.inputs == [PortInfo(name: "names", kind: .blob, optional: true, description: "names to greet, one per line (replaces `name`)")])
        #expect(greet.outputs.map(\.name) == ["text"])

        let testkit = try #require(catalog.plugin("sluice.testkit"))
        #expect(testkit.version == "1.2.0")
        #expect(testkit.build == PluginLoader.swiftFingerprint)
        #expect(testkit.stages.map(\.id) == ["echo", "fail", "sleep", "split", "fit", "score", "flaky", "make_table", "scale_table", "fit_mean", "fit_threshold"])
        #expect(testkit.stage("fail")?.kind == .tester)
        #expect(testkit.stage("echo")?.configSchema["required"] == .array([.string("message")]))
    }

    @Test func searchesProjectThenEnvironmentThenBuiltInFolders() throws {
        let path = PluginSearchPath.standard(
            projectDirectory: "/work/project",
            environment: ["SLUICE_PLUGIN_PATH": "/opt/a::/opt/b"],
            executablePath: "/nonexistent/bin/sluice"
        )
        #expect(path.folders.map(\.path) == ["/work/project/plugins", "/opt/a", "/opt/b", "/nonexistent/bin"])
        #expect(path.folders.map(\.origin) == ["project", "SLUICE_PLUGIN_PATH", "SLUICE_PLUGIN_PATH", "built-in"])
        #expect(path.folders[0].optional && !path.folders[1].optional)
        #expect(path.folders[3].namePrefix == "libSluicePlugin")
    }

    @Test func anExplicitFileLoadsToo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try compileFixture("custom-name.so", in: folder)
        let catalog = PluginCatalog.discover(PluginSearchPath([]), files: [(file, "pipeline")])
        #expect(catalog.problems.isEmpty)
        #expect(catalog.plugin("fixture.plugin")?.origin == "pipeline")
    }

    @Test func theSameFileReachedTwiceIsOnePlugin() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try compileFixture("libone.so", in: folder)
        let twice = PluginSearchPath([PluginFolder(path: folder.path, origin: "a"), PluginFolder(path: folder.path + "/", origin: "b")])
        let catalog = PluginCatalog.discover(twice)
        #expect(catalog.problems.isEmpty)
        #expect(catalog.plugins.count == 1)
    }

    @Test func anOlderPluginWithAShorterDescriptorLoads() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try compileFixture("libold.so", in: folder, defines: ["FIXTURE_OLD_PLUGIN"])
        let catalog = PluginCatalog.discover(PluginSearchPath([PluginFolder(path: folder.path, origin: "test")]))
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        let plugin = try #require(catalog.plugin("fixture.plugin"))
        // The missing trailing field reads as absent.
        #expect(!plugin.hasExtension("fixture.answer/1"))
        #expect(plugin.stages.count == 1)
    }

    @Test func aNewerPluginWithExtraFieldsLoadsAndTheExtraFieldsAreIgnored() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try compileFixture("libnew.so", in: folder, defines: ["FIXTURE_NEW_STRUCTS", "FIXTURE_EXTENSION"])
        let catalog = PluginCatalog.discover(PluginSearchPath([PluginFolder(path: folder.path, origin: "test")]))
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        let plugin = try #require(catalog.plugin("fixture.plugin"))
        #expect(plugin.abiMinor == 99)
        #expect(plugin.stage("work")?.version == "0.1.0")
        #expect(plugin.hasExtension("fixture.answer/1"))
        #expect(!plugin.hasExtension("fixture.answer/2"))
    }
}
