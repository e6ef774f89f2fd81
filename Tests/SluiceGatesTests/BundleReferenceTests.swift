import Foundation
@testable import SluiceEngine
@testable import SluiceJSON
@testable import SluicePlugins
@testable import SluiceSupport
import SluiceTestSupport
import Testing

/// A deployment bundle folder (what `sluice.deploy/export` writes) is a model reference:
/// its files are checked against the manifest, and its model is loaded by the plugins in
/// the bundle, not by the project's. The bundles here are written by hand, in the
/// manifest's current form and in the form of bundles exported before it listed plugins.
@Suite struct BundleReferenceTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    /// Writes bundle `name`: model.json, the given plugin libraries under plugins/, and a
    /// manifest listing every file with its SHA-256 and size. `listPlugins: false`
    /// writes the manifest of older bundles (one `plugin`, no `model` or `plugins`).
    @discardableResult
    func bundle(_ name: String, model: TestModel = .line(slope: 2, intercept: 1), plugins: [(id: String, library: String)] = [("sluice.testkit", "libSluiceTestPlugin.so")],
                listPlugins: Bool = true, format: String = "sluice.bundle/1", extraPlugin: (id: String, path: String)? = nil) throws -> String {
        let root = folder.file(name)
        try FileManager.default.createDirectory(atPath: root + "/plugins", withIntermediateDirectories: true)
        var files: [JSONValue] = []
        func add(_ relative: String, _ data: Data) throws {
            try data.write(to: URL(fileURLWithPath: root + "/" + relative))
            files.append(.object(["path": .string(relative), "bytes": .integer(Int64(data.count)),
                                  "sha256": .string(String(data.withUnsafeBytes { sha256Digest($0) }.dropFirst(7)))]))
        }
        try add("model.json", Data(model.json.utf8))
        try add("model.description.json", Data("{}".utf8))
        var listed: [JSONValue] = []
        for plugin in plugins {
            try add("plugins/" + plugin.library, try Data(contentsOf: URL(fileURLWithPath: try TestEnvironment.product(plugin.library))))
            listed.append(.object(["id": .string(plugin.id), "version": .string("1.0.0"), "path": .string("plugins/" + plugin.library)]))
        }
        if let extraPlugin { listed.append(.object(["id": .string(extraPlugin.id), "version": .string("1.0.0"), "path": .string(extraPlugin.path)])) }
        var manifest: [String: JSONValue] = [
            "format": .string(format), "media_type": .string(model.mediaType ?? ""), "plugin": .string(plugins.first?.id ?? ""),
            "plugin_version": .string("1.0.0"), "files": .array(files), "serve": .string("sluice serve --model-file model.json --plugin-path plugins"),
        ]
        if listPlugins {
            manifest["model"] = .string("model.json")
            manifest["plugins"] = .array(listed)
        }
        try Data(JSONValue.object(manifest).canonicalText.utf8).write(to: URL(fileURLWithPath: root + "/manifest.json"))
        return root
    }

    var loader: ModelLoader { ModelLoader(catalog: Gates.catalog, sources: [FileModelSource(directory: folder.path)]) }

    func failure(_ reference: String) -> SluiceError? {
        do { _ = try loader.require(reference); return nil } catch { return error }
    }

    @Test func aBundleIsLoadedByThePluginItShipsWith() throws {
        defer { folder.remove() }
        try bundle("bundle")
        let model = try loader.require("bundle")
        #expect(model.pluginID == "sluice.testkit")
        let source = try JSONValue.parse(String(cString: model.sourcePointer))
        #expect(source["plugin_path"]?.stringValue == folder.file("bundle/plugins/libSluiceTestPlugin.so"), "served by the bundle's library: \(source)")
        #expect(model.summary.format == "sluice.test-regressor/1")

        // And it is a reference stages can name, like a model file.
        let run = try Gates.run("equivalence", #"{"other":"bundle/"}"#, model: .line(slope: 2, intercept: 1), test: TestTables.line(), directory: folder.path)
        #expect(run.passed, "\(run.message)")
    }

    @Test func aBundleExportedBeforeManifestsListedPluginsStillLoads() throws {
        defer { folder.remove() }
        try bundle("old", listPlugins: false)
        let model = try loader.require(folder.file("old"))
        #expect(model.pluginID == "sluice.testkit")
        #expect(String(cString: model.sourcePointer).contains(folder.file("old/plugins/")))
    }

    @Test func everyPluginABundleListsIsLoaded() throws {
        defer { folder.remove() }
        // The CSV plugin first: the model is still loaded by the one with the model capability.
        try bundle("two", plugins: [("sluice.csv", "libSluicePluginCSV.so"), ("sluice.testkit", "libSluiceTestPlugin.so")])
        #expect(try loader.require("two").pluginID == "sluice.testkit")

        // Without the plugin that loads the model, the project's plugins do not stand in.
        try bundle("csv-only", plugins: [("sluice.csv", "libSluicePluginCSV.so")])
        let missing = try #require(failure("csv-only"))
        #expect(missing.code == .modelNoPlugin, "\(missing)")
        #expect(missing.message.contains("none of the bundle's plugins (sluice.csv) can load models"), "\(missing)")
    }

    @Test func aChangedOrMissingFileIsRefusedNamingIt() throws {
        defer { folder.remove() }
        try bundle("edited")
        try TestModel.line(slope: 3, intercept: 1).write(to: folder.file("edited/model.json"))
        let edited = try #require(failure("edited"))
        #expect(edited.code == .modelBundleModified)
        #expect(edited.location == "edited/model.json")
        #expect(edited.message.contains("this file's SHA-256 is"), "\(edited)")

        try bundle("grown")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.file("grown/plugins/libSluiceTestPlugin.so")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        let grown = try #require(failure("grown"))
        #expect(grown.code == .modelBundleModified)
        #expect(grown.location == "grown/plugins/libSluiceTestPlugin.so")
        #expect(grown.message.contains("bytes, but the manifest says"), "\(grown)")

        try bundle("partial")
        try FileManager.default.removeItem(atPath: folder.file("partial/model.description.json"))
        let partial = try #require(failure("partial"))
        #expect(partial.location == "partial/model.description.json")
        #expect(partial.message.contains("the bundle's manifest lists this file but it is missing"), "\(partial)")

        // Through a gate, the host's message names the file too.
        let run = try Gates.run("equivalence", #"{"other":"edited"}"#, model: .line(slope: 2, intercept: 1), test: TestTables.line(), directory: folder.path)
        #expect(run.message.contains("the other model 'edited' cannot be loaded"), "\(run.message)")
        #expect(run.message.contains("edited/model.json: this file's SHA-256 is"), "\(run.message)")
    }

    @Test func aManifestMayNotPointOutsideItsBundleNorBeOfAnotherFormat() throws {
        defer { folder.remove() }
        try bundle("escape", extraPlugin: ("acme.evil", "../libevil.so"))
        let escape = try #require(failure("escape"))
        #expect(escape.code == .modelBundleInvalid)
        #expect(escape.message.contains("the manifest names a plugin '../libevil.so' outside the bundle folder"), "\(escape)")

        try bundle("unchecked", extraPlugin: ("acme.extra", "plugins/libextra.so"))
        let unchecked = try #require(failure("unchecked"))
        #expect(unchecked.message.contains("the plugin library 'plugins/libextra.so' is not among the files the manifest checks"), "\(unchecked)")

        try bundle("newer", format: "sluice.bundle/2")
        let newer = try #require(failure("newer"))
        #expect(newer.code == .modelBundleInvalid)
        #expect(newer.location == "newer/manifest.json")
        #expect(newer.message.contains("the bundle's format is 'sluice.bundle/2', but this sluice reads sluice.bundle/1"), "\(newer)")
    }

    @Test func aFolderWithoutABundleManifestIsNoModel() throws {
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("plain"), withIntermediateDirectories: true)
        try folder.write("plain/manifest.json", #"{"name":"something else"}"#)
        let plain = try #require(failure("plain"))
        #expect(plain.code == .modelNotFound, "\(plain)")
    }
}
