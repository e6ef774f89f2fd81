import Crypto
import Foundation
import SluiceKit

/// Stage `export`: writes a self-contained deployment bundle to a folder, to ship a
/// model to another machine:
///
///     <path>/model.<json|bin>        the model artifact, byte for byte
///     <path>/model.description.json  what it expects and produces
///     <path>/plugins/<library>       the plugin library that loads and serves it (a
///                                    composite model: every plugin it needs)
///     <path>/manifest.json           format "sluice.bundle/1": names, versions,
///                                    SHA-256 of every file, how to serve it
///
/// The bundle folder is itself a model reference: the host verifies every file against
/// the manifest and serves the model with the bundle's plugins
/// (Sources/SluiceEngine/Models/BundleModelSource.swift reads what this writes; fields
/// added to format 1 must stay optional there).
///
/// The bundle is assembled in a temporary folder beside `path` and renamed into place,
/// so a half-written bundle is never seen. An existing non-empty folder is refused
/// unless `overwrite: true`.
struct ExportBundle: Deployer {
    struct Config: Decodable {
        var path: String
        var name: String?
        var overwrite: Bool?
    }

    static let id = "export"
    static let summary = "Writes a deployment bundle: model, description, serving plugin and manifest"
    static let configSchema = """
        {"type":"object","additionalProperties":false,"required":["path"],
         "properties":{
           "path":{"type":"string","minLength":1,"description":"the bundle folder to write (relative to the project)"},
           \(ModelName.schema.replacingOccurrences(of: "the model's name in the registry", with: "the model's registry name, recorded with its version when registered")),
           "overwrite":{"type":"boolean","default":false,"description":"replace an existing bundle folder"}}}
        """
    static let inputs = [ModelInput.port]
    static let outputs = [Port("report", .report, description: "the bundle written (JSON)")]

    struct Manifest: Encodable {
        struct File: Encodable {
            var path: String
            var sha256: String
            var bytes: Int
        }

        /// A plugin library in the bundle, and the plugin it provides.
        struct Plugin: Encodable {
            var id: String
            var version: String
            var path: String
        }

        var format = "sluice.bundle/1"
        var name: String?
        var version: Int?
        var mediaType: String
        /// The model file.
        var model: String
        /// The plugin that loads the model.
        var plugin: String
        var pluginVersion: String
        /// Every plugin library the model needs (the one above, or a composite's).
        var plugins: [Plugin]
        var hostVersion: String
        var run: String
        var stage: String
        var createdAt: String
        var files: [File]
        var serve: String

        enum CodingKeys: String, CodingKey {
            case format, name, version, model, plugin, plugins, run, stage, files, serve
            case mediaType = "media_type"
            case pluginVersion = "plugin_version"
            case hostVersion = "host_version"
            case createdAt = "created_at"
        }
    }

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        guard !config.path.split(separator: "/").contains("..") else {
            throw StageError.invalidConfig("path '\(config.path)' must not contain '..': give a folder inside the project or an absolute path")
        }
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let model = try ModelInput.read(call)
        let loaded = try host.loadModel(artifact: model.bytes, mediaType: model.mediaType)
        guard let origin = loaded.origin else {
            throw StageError(.unsupported, "this host does not say which plugin serves the model; upgrade sluice")
        }
        let registered = config.name.flatMap { name in try? host.lookupModel(name) }.flatMap { version in
            version.digest == "sha256:" + sha256(model.bytes) ? version : nil
        }

        let fileManager = FileManager.default
        let target = URL(fileURLWithPath: config.path).standardizedFileURL
        if let existing = try? fileManager.contentsOfDirectory(atPath: target.path), !existing.isEmpty, config.overwrite != true {
            throw StageError.failed("\(config.path) exists and is not empty; choose another path or set overwrite: true")
        }
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try? fileManager.removeItem(at: staging)
        do {
            try fileManager.createDirectory(at: staging.appendingPathComponent("plugins"), withIntermediateDirectories: true)
            var files: [Manifest.File] = []
            func write(_ bytes: [UInt8], _ relative: String) throws {
                try Data(bytes).write(to: staging.appendingPathComponent(relative))
                files.append(Manifest.File(path: relative, sha256: sha256(bytes), bytes: bytes.count))
            }
            let modelFile = model.mediaType.contains("json") ? "model.json" : "model.bin"
            try write(model.bytes, modelFile)
            let encoder = JSONValueEncoder()
            try write(try encoder.encode(loaded.modelDescription).bytes(.pretty), "model.description.json")
            var plugins: [Manifest.Plugin] = []
            for plugin in Self.servingPlugins(origin) where !plugins.contains(where: { $0.id == plugin.id }) {
                let library = URL(fileURLWithPath: plugin.path)
                guard let pluginBytes = fileManager.contents(atPath: library.path) else {
                    throw StageError(.io, "cannot read the library \(plugin.path) of the plugin \(plugin.id) that the model needs")
                }
                // Two plugins' libraries of the same file name keep both, told apart by the plugin id.
                var relative = "plugins/" + library.lastPathComponent
                if plugins.contains(where: { $0.path == relative }) { relative = "plugins/\(plugin.id)-\(library.lastPathComponent)" }
                try write(Array(pluginBytes), relative)
                plugins.append(Manifest.Plugin(id: plugin.id, version: plugin.version, path: relative))
            }
            let manifest = Manifest(
                name: registered?.name ?? config.name, version: registered?.version, mediaType: model.mediaType, model: modelFile,
                plugin: origin.plugin, pluginVersion: origin.pluginVersion, plugins: plugins, hostVersion: host.version, run: call.runID, stage: call.stageName,
                createdAt: ISO8601DateFormatter().string(from: Date()), files: files,
                serve: "sluice serve --model-file \(config.path)")
            try Data(try encoder.encode(manifest).bytes(.pretty)).write(to: staging.appendingPathComponent("manifest.json"))
            if fileManager.fileExists(atPath: target.path) { try fileManager.removeItem(at: target) }
            try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fileManager.moveItem(at: staging, to: target)
        } catch {
            try? fileManager.removeItem(at: staging)
            if let error = error as? StageError { throw error }
            throw StageError(.io, "cannot write the bundle to \(config.path): \(error.localizedDescription)")
        }
        host.info("bundle written to \(config.path) (plugin \(origin.plugin) \(origin.pluginVersion)); it is a model reference: sluice predict --model \(config.path)")
        try DeployReport(action: "export", name: registered?.name ?? config.name ?? "", version: registered?.version ?? 0,
                         digest: "sha256:" + sha256(model.bytes), bundle: config.path).publish(call, host: host)
    }

    /// Every plugin the model needs (a composite model: fitted transforms and a model,
    /// each served by its plugin), the one that loads the model first, so that its
    /// library keeps its own name.
    private static func servingPlugins(_ origin: ModelOrigin) -> [ModelOrigin.Plugin] {
        let listed = origin.plugins
        return listed.filter { $0.id == origin.plugin } + listed.filter { $0.id != origin.plugin }
            + (listed.contains { $0.id == origin.plugin } ? [] : [ModelOrigin.Plugin(id: origin.plugin, version: origin.pluginVersion, path: origin.pluginPath)])
    }

    private func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
