import Foundation
import SluiceJSON
import SluicePlugins
import SluiceStore
import SluiceSupport

/// A place models are found that also brings the plugins that serve them: `ModelLoader`
/// loads such a source's models with those plugins, not with its own catalog.
package protocol SelfServingModelSource: ModelSource {
    /// The model `reference` names here, loaded by the plugins that came with it, as
    /// `loader` loads (its isolation and where models log); nil when this source does
    /// not know the reference.
    func model(for reference: String, loadingLike loader: ModelLoader) throws(SluiceError) -> LoadedModel?
}

/// Deployment bundles, the folders `sluice.deploy/export` writes, as model references
/// (a path, relative to `directory`):
///
///     <bundle>/manifest.json   format "sluice.bundle/1": every file with its SHA-256 and
///                              size, the model file and its media type, the plugins
///     <bundle>/model.json      the model artifact (or model.bin)
///     <bundle>/plugins/*.so    the plugin libraries that serve it
///
/// Every file the manifest lists is checked against its size and SHA-256 before
/// anything is loaded; a file that is missing or differs is refused, naming the file.
/// The model is then loaded by the bundle's own plugin libraries, so it is served by
/// the build it was exported with, whatever plugins the project has. A manifest that
/// lists its plugins (`plugins: [{id, version, path}]`) has each loaded; an older one
/// (a single `plugin`) has every library under `plugins/` loaded.
package struct BundleModelSource: SelfServingModelSource {
    package static let format = "sluice.bundle/1"

    package let directory: String

    package init(directory: String = FileManager.default.currentDirectoryPath) {
        self.directory = directory
    }

    package var lookedIn: String { "deployment bundles (folders with a \(Self.format) manifest.json) relative to \(directory)" }

    package func artifact(for reference: String) throws(SluiceError) -> ModelArtifact? {
        try bundle(reference).map { bundle throws(SluiceError) in try bundle.modelArtifact() }
    }

    package func model(for reference: String, loadingLike loader: ModelLoader) throws(SluiceError) -> LoadedModel? {
        guard let bundle = try bundle(reference) else { return nil }
        let artifact = try bundle.modelArtifact()
        let plugins = try bundle.plugins()
        guard plugins.contains(where: { PredictCapability($0) != nil }) else {
            throw SluiceError(.modelNoPlugin, at: bundle.reference, "none of the bundle's plugins (\(plugins.map(\.id).joined(separator: ", "))) can load models, so nothing here serves its model: export the bundle again from a pipeline whose trainer made the model")
        }
        return try loader.with(catalog: PluginCatalog(plugins: plugins))
            .load(artifact.bytes.pointer, mediaType: artifact.mediaType, what: artifact.origin)
    }

    /// The verified bundle at `reference`, or nil when it names no folder with a bundle manifest.
    private func bundle(_ reference: String) throws(SluiceError) -> VerifiedBundle? {
        let folder = reference.hasPrefix("/") ? reference : directory + "/" + reference
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue,
              let data = FileManager.default.contents(atPath: folder + "/manifest.json"),
              let json = try? JSONValue.parse(data), let format = json["format"]?.stringValue, format.hasPrefix("sluice.bundle/")
        else { return nil }
        let manifestPath = Self.display(reference) + "/manifest.json"
        guard format == Self.format else {
            throw SluiceError(.modelBundleInvalid, at: manifestPath, "the bundle's format is '\(format)', but this sluice reads \(Self.format): export it again with this sluice, or use a newer one")
        }
        let manifest: BundleManifest
        do { manifest = try JSONValueDecoder().decode(BundleManifest.self, from: json) } catch {
            throw SluiceError(.modelBundleInvalid, at: manifestPath, "the manifest cannot be read (\(error)): export the bundle again")
        }
        let bundle = VerifiedBundle(reference: Self.display(reference), folder: folder, manifest: manifest)
        try bundle.verify()
        return bundle
    }

    /// "dist/houses", not "dist/houses/", in messages.
    private static func display(_ reference: String) -> String {
        reference.count > 1 && reference.hasSuffix("/") ? String(reference.dropLast()) : reference
    }
}

extension FileModelSource: SelfServingModelSource {
    /// A bundle is a folder on disk: wherever model files are looked up, bundle folders
    /// are too, relative to the same directory.
    package func model(for reference: String, loadingLike loader: ModelLoader) throws(SluiceError) -> LoadedModel? {
        try BundleModelSource(directory: directory).model(for: reference, loadingLike: loader)
    }
}

/// What a bundle's manifest.json says, as far as loading it needs (ExportBundle.swift
/// in Plugins/Deploy writes it). Fields added to format 1 are optional here, so that
/// bundles written before them still load.
struct BundleManifest: Decodable {
    struct File: Decodable {
        var path: String
        var sha256: String
        var bytes: Int
    }

    struct Plugin: Decodable {
        var id: String
        var version: String?
        var path: String
    }

    var format: String
    var mediaType: String?
    /// The model file (older bundles: model.json or model.bin, whichever is listed).
    var model: String?
    /// The plugin that loads the model.
    var plugin: String?
    /// Every plugin library the model needs (older bundles: the libraries under plugins/).
    var plugins: [Plugin]?
    var files: [File]

    enum CodingKeys: String, CodingKey {
        case format, model, plugin, plugins, files
        case mediaType = "media_type"
    }
}

/// A bundle whose files all match its manifest.
private struct VerifiedBundle {
    /// The reference as given, for messages.
    let reference: String
    let folder: String
    let manifest: BundleManifest

    /// Checks every file the manifest lists: inside the bundle, present, of the size and
    /// SHA-256 recorded. The model and every plugin must be among them.
    func verify() throws(SluiceError) {
        for file in manifest.files {
            let path = try place(file.path, what: "a file")
            let shown = reference + "/" + file.path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
                throw SluiceError(.modelBundleModified, at: shown, "the bundle's manifest lists this file but it is missing: the bundle is incomplete; copy the whole folder again or export it again")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SluiceError(.modelIo, at: shown, "cannot read this file of the bundle: check its permissions")
            }
            guard data.count == file.bytes else {
                throw SluiceError(.modelBundleModified, at: shown, "this file of the bundle has \(data.count) bytes, but the manifest says \(file.bytes): it was changed after the bundle was exported; copy or export the bundle again")
            }
            let digest = String(data.withUnsafeBytes { sha256Digest($0) }.dropFirst("sha256:".count))
            guard digest == file.sha256.lowercased() else {
                throw SluiceError(.modelBundleModified, at: shown, "this file's SHA-256 is \(digest), but the manifest says \(file.sha256): it was changed after the bundle was exported; copy or export the bundle again")
            }
        }
        _ = try modelFile()
        _ = try libraries()
    }

    /// The model's bytes, with the media type the manifest records.
    func modelArtifact() throws(SluiceError) -> ModelArtifact {
        let file = try modelFile()
        guard let data = FileManager.default.contents(atPath: try place(file, what: "the model")) else {
            throw SluiceError(.modelIo, at: reference + "/" + file, "cannot read the bundle's model: check its permissions")
        }
        return ModelArtifact(bytes: .from(data), mediaType: manifest.mediaType, origin: reference + "/" + file)
    }

    /// The bundle's plugin libraries, loaded (a library already loaded is not loaded again).
    func plugins() throws(SluiceError) -> [PluginInfo] {
        var loaded: [PluginInfo] = []
        for (path, id) in try libraries() {
            let plugin = try PluginLoader.load(try place(path, what: "a plugin"), origin: "bundle \(reference)")
            if let id, plugin.id != id {
                throw SluiceError(.modelBundleInvalid, at: reference + "/" + path, "this library is the plugin '\(plugin.id)', but the bundle's manifest says '\(id)': export the bundle again")
            }
            loaded.append(plugin)
        }
        return loaded
    }

    private var listed: Set<String> { Set(manifest.files.map(\.path)) }

    private func modelFile() throws(SluiceError) -> String {
        let file = manifest.model ?? ["model.json", "model.bin"].first { listed.contains($0) }
        guard let file, listed.contains(file) else {
            throw SluiceError(.modelBundleInvalid, at: reference + "/manifest.json", "the manifest lists no model file\(manifest.model.map { " ('\($0)' is not among its files)" } ?? ""): export the bundle again")
        }
        return file
    }

    /// The plugin libraries to load (paths inside the bundle) with the plugin id the
    /// manifest expects of each, when it says.
    private func libraries() throws(SluiceError) -> [(path: String, id: String?)] {
        let libraries: [(path: String, id: String?)] = manifest.plugins.map { $0.map { ($0.path, $0.id) } }
            ?? manifest.files.map(\.path).filter { $0.hasPrefix("plugins/") && $0.hasSuffix(DynamicLibrary.suffix) }.map { ($0, nil) }
        guard !libraries.isEmpty else {
            throw SluiceError(.modelBundleInvalid, at: reference + "/manifest.json", "the manifest names no plugin library to serve the model: export the bundle again")
        }
        for library in libraries {
            _ = try place(library.path, what: "a plugin")
            guard !listed.contains(library.path) else { continue }
            throw SluiceError(.modelBundleInvalid, at: reference + "/manifest.json", "the plugin library '\(library.path)' is not among the files the manifest checks: export the bundle again")
        }
        return libraries
    }

    /// The full path of `relative`, refused when it would leave the bundle.
    private func place(_ relative: String, what: String) throws(SluiceError) -> String {
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
            throw SluiceError(.modelBundleInvalid, at: reference + "/manifest.json", "the manifest names \(what) '\(relative)' outside the bundle folder; a bundle only refers to its own files: export it again")
        }
        return folder + "/" + relative
    }
}
