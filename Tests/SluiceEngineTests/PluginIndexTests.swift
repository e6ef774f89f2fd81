import Foundation
@testable import SluicePlugins
import SluiceTestSupport
import Testing

/// A pipeline pays only for the plugins it uses: the index remembers which file holds
/// which plugin, so the others are not loaded until something needs them.
@Suite struct PluginIndexTests {
    /// A folder with the C example plugin and the Swift test plugin, and an index file.
    private func project() throws -> (TemporaryFolder, PluginSearchPath, String) {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
        try folder.copy(TestEnvironment.product("libSluicePluginHelloC.so"), as: "plugins/libhello.so")
        try folder.copy(TestEnvironment.product("libSluiceTestPlugin.so"), as: "plugins/libtestkit.so")
        return (folder, PluginSearchPath([PluginFolder(path: folder.file("plugins"), origin: "project")]), folder.file("cache/plugin-index"))
    }

    @Test func aPluginTheIndexKnowsIsNotLoadedUntilNeeded() throws {
        let (folder, path, indexFile) = try project()
        defer { folder.remove() }
        let first = PluginCatalog.discover(path, wanted: ["sluice.hello-c"], index: PluginIndex(file: indexFile))
        #expect(first.plugin("sluice.testkit") != nil, "without an index every file is loaded to learn its id")

        let second = PluginCatalog.discover(path, wanted: ["sluice.hello-c"], index: PluginIndex(file: indexFile))
        #expect(second.plugin("sluice.hello-c") != nil)
        #expect(second.plugin("sluice.testkit") == nil, "the index says libtestkit.so holds a plugin nobody asked for")
        #expect(second.ids == ["sluice.hello-c", "sluice.testkit"], "still known, in search order, for messages")
        #expect(second.complete().plugin("sluice.testkit") != nil, "and loaded when something needs every plugin")
    }

    @Test func aChangedFileIsLoadedAgain() throws {
        let (folder, path, indexFile) = try project()
        defer { folder.remove() }
        _ = PluginCatalog.discover(path, wanted: ["sluice.hello-c"], index: PluginIndex(file: indexFile))
        let later = Date().addingTimeInterval(60)
        try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: folder.file("plugins/libtestkit.so"))
        let catalog = PluginCatalog.discover(path, wanted: ["sluice.hello-c"], index: PluginIndex(file: indexFile))
        #expect(catalog.plugin("sluice.testkit") != nil, "its stamp no longer matches: its id is read from the file again")
    }

    @Test func anUnreadableIndexOnlyMeansLoadingEveryFile() throws {
        let (folder, path, indexFile) = try project()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("cache"), withIntermediateDirectories: true)
        try "sluice-plugin-index 1\nnot\ta\tvalid\tline\n\u{0}garbage".write(toFile: indexFile, atomically: true, encoding: .utf8)
        let catalog = PluginCatalog.discover(path, wanted: ["sluice.hello-c"], index: PluginIndex(file: indexFile))
        #expect(catalog.plugin("sluice.testkit") != nil)
        #expect(catalog.problems.isEmpty)
    }

    @Test func twoFilesWithOneIdStillReportTheSecondWhenDeferred() throws {
        let (folder, path, indexFile) = try project()
        defer { folder.remove() }
        try folder.copy(TestEnvironment.product("libSluiceTestPlugin.so"), as: "plugins/libtestkit2.so")
        _ = PluginCatalog.discover(path, wanted: [], index: PluginIndex(file: indexFile))
        let catalog = PluginCatalog.discover(path, wanted: [], index: PluginIndex(file: indexFile))
        #expect(catalog.problems.map(\.code) == [.pluginDuplicateId])
        #expect(catalog.problems.first?.location == folder.file("plugins/libtestkit2.so"))
    }
}
