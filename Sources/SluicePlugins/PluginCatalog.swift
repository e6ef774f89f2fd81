import Foundation
import SluiceSupport

/// Every plugin found on a search path, and every problem met on the way. One bad
/// file never stops the others from loading.
package struct PluginCatalog: Sendable {
    /// Loaded plugins, in search order.
    package private(set) var plugins: [PluginInfo] = []
    /// Files or folders that could not be used, each a complete message.
    package private(set) var problems: [SluiceError] = []
    /// The folders that were searched, in order.
    package let searched: [PluginFolder]
    /// Plugin files not loaded because the index says they provide plugins nobody asked
    /// for (see `discover(_:files:wanted:index:)`), in search order.
    private var deferred: [(path: String, origin: String, id: String)] = []
    /// Every plugin id found, loaded or deferred, in search order.
    package private(set) var ids: [String] = []

    /// Loads every plugin in the search path's folders, then each explicitly named file.
    /// With `wanted`, a file the `index` knows to provide another plugin is not loaded
    /// (until `complete()`): a pipeline pays only for the plugins it uses.
    package static func discover(_ searchPath: PluginSearchPath, files: [(path: String, origin: String)] = [],
                                 wanted: Set<String>? = nil, index: PluginIndex = PluginIndex(file: nil)) -> PluginCatalog {
        var catalog = PluginCatalog(plugins: [], searched: searchPath.folders)
        var index = index
        var seen = Set<String>()
        for folder in searchPath.folders {
            for path in catalog.candidates(in: folder) {
                catalog.add(path, origin: folder.origin, seen: &seen, wanted: wanted, index: &index)
            }
        }
        for file in files {
            catalog.add(file.path, origin: file.origin, seen: &seen, wanted: wanted, index: &index)
        }
        index.save()
        return catalog
    }

    /// The catalog with every deferred plugin loaded too (e.g. to find which plugin
    /// loads a model).
    package func complete() -> PluginCatalog {
        guard !deferred.isEmpty else { return self }
        var catalog = self
        catalog.deferred = []
        for file in deferred {
            do {
                catalog.plugins.append(try PluginLoader.load(file.path, origin: file.origin))
            } catch {
                catalog.problems.append(error)
            }
        }
        return catalog
    }

    /// A catalog of plugins already loaded (e.g. those a pipeline's stages use).
    package init(plugins: [PluginInfo], searched: [PluginFolder] = []) {
        var seen = Set<String>()
        self.plugins = plugins.filter { seen.insert($0.id).inserted }
        self.searched = searched
        ids = self.plugins.map(\.id)
    }

    package func plugin(_ id: String) -> PluginInfo? {
        plugins.first { $0.id == id }
    }

    /// Finds `plugin-id/stage-id`, or explains what exists and where the host looked.
    package func stage(_ reference: String) throws(SluiceError) -> (plugin: PluginInfo, stage: StageInfo) {
        guard let slash = reference.lastIndex(of: "/") else {
            throw SluiceError(.pluginBadReference, at: reference, "a stage is named 'plugin-id/stage-id', e.g. sluice.csv/load")
        }
        let pluginID = String(reference[..<slash]), stageID = String(reference[reference.index(after: slash)...])
        guard let plugin = plugin(pluginID) else {
            let found = ids
            let looked = searched.map { "\($0.path) (\($0.origin))" }.joined(separator: ", ")
            throw SluiceError(
                .pluginUnknown, at: reference,
                "no plugin '\(pluginID)' was found.\(didYouMean(pluginID, found)) Found: \(found.isEmpty ? "none" : found.joined(separator: ", ")). Looked in: \(looked.isEmpty ? "nowhere" : looked)"
            )
        }
        guard let stage = plugin.stage(stageID) else {
            let known = plugin.stages.map(\.id)
            throw SluiceError(
                .pluginUnknownStage, at: reference,
                "plugin '\(pluginID)' has no stage '\(stageID)'.\(didYouMean(stageID, known)) Its stages: \(known.joined(separator: ", "))"
            )
        }
        return (plugin, stage)
    }

    private mutating func candidates(in folder: PluginFolder) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else {
            if !folder.optional {
                problems.append(SluiceError(.pluginFolderMissing, at: folder.path, "plugin folder (from \(folder.origin)) does not exist. Create it or fix the path"))
            }
            return []
        }
        guard isDirectory.boolValue else {
            problems.append(SluiceError(.pluginFolderUnreadable, at: folder.path, "plugin folder (from \(folder.origin)) is a file, not a folder. Point \(folder.origin) at the folder that holds the plugin"))
            return []
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            problems.append(SluiceError(.pluginFolderUnreadable, at: folder.path, "plugin folder (from \(folder.origin)) cannot be read: \(error.localizedDescription). Check its permissions"))
            return []
        }
        return names.sorted()
            .filter { $0.hasSuffix(DynamicLibrary.suffix) && (folder.namePrefix.map($0.hasPrefix) ?? true) }
            .map { folder.path + "/" + $0 }
    }

    private mutating func add(_ path: String, origin: String, seen: inout Set<String>, wanted: Set<String>?, index: inout PluginIndex) {
        // The same file reached twice (a folder listed twice, a symlink) is one plugin.
        let canonical = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard seen.insert(canonical).inserted else { return }
        let stamp = PluginIndex.stamp(canonical)
        if let wanted, let stamp, let id = index.id(of: canonical, stamp: stamp), !wanted.contains(id) {
            guard !isDuplicate(id, path: path) else { return }
            deferred.append((path, origin, id))
            ids.append(id)
            return
        }
        do {
            let plugin = try PluginLoader.load(path, origin: origin)
            if let stamp { index.record(canonical, stamp: stamp, id: plugin.id) }
            guard !isDuplicate(plugin.id, path: path) else { return }
            plugins.append(plugin)
            ids.append(plugin.id)
        } catch {
            problems.append(error)
        }
    }

    /// Records a problem when an earlier file already provides `id` (the earlier one wins).
    private mutating func isDuplicate(_ id: String, path: String) -> Bool {
        let first = plugins.first { $0.id == id }?.path ?? deferred.first { $0.id == id }?.path
        guard let first else { return false }
        problems.append(SluiceError(
            .pluginDuplicateId, at: path,
            "plugin id '\(id)' is also provided by \(first), which is used. Remove one of the two files, or give one plugin another id"
        ))
        return true
    }
}
