import Foundation
import SluicePlugins

/// The plugins a pipeline can use: the standard search path plus the folders and files
/// its `plugins:` entries name, relative to the pipeline file's folder.
package struct PipelinePlugins {
    package let catalog: PluginCatalog
    /// The `isolation` of entries that set one.
    package private(set) var isolations = PluginIsolations()

    package static let origin = "pipeline"

    /// Finds every plugin the pipeline can see and loads those in `wanted` (see
    /// `PluginCatalog.discover`). A `plugins:` entry that names a missing folder or a
    /// file that cannot be loaded is reported at the entry.
    package init(entries: [PluginEntry], file: String, searchPath: PluginSearchPath, wanted: Set<String>, index: PluginIndex,
         report: DiagnosticCollector) {
        // Absolute first: standardizing a relative URL drops a leading `..` (`../lib.so`).
        let base = URL(fileURLWithPath: file).absoluteURL.deletingLastPathComponent()
        var folders: [PluginFolder] = []
        var files: [(path: String, origin: String)] = []
        var entryForFile: [String: PluginEntry] = [:]
        for entry in entries {
            let resolved = entry.path.hasPrefix("/") ? URL(fileURLWithPath: entry.path).standardized.path
                : base.appendingPathComponent(entry.path).standardized.path
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder)
            if entry.path.hasSuffix(".so") || entry.path.hasSuffix(".dylib") {
                guard exists, !isFolder.boolValue else {
                    let what = exists ? "is a folder, not a plugin file" : "does not exist"
                    report.error("config.plugin-file", at: entry.position, "plugin file '\(entry.path)' \(what) (looked at \(resolved)). Fix the path (it is relative to the pipeline file's folder), or build the plugin first")
                    continue
                }
                files.append((resolved, Self.origin))
                entryForFile[resolved] = entry
                if let isolation = entry.isolation { isolations.rules.append((resolved, false, isolation)) }
            } else {
                guard exists, isFolder.boolValue else {
                    let what = exists ? "is a file, not a folder" : "does not exist"
                    let fix = exists ? "Name a plugin file with its .so ending, or name the folder that holds it" : "Create it, or fix the path (it is relative to the pipeline file's folder)"
                    report.error("config.plugins-folder", at: entry.position, "plugins folder '\(entry.path)' \(what) (looked at \(resolved)). \(fix)")
                    continue
                }
                folders.append(PluginFolder(path: resolved, origin: Self.origin))
                if let isolation = entry.isolation { isolations.rules.append((resolved, true, isolation)) }
            }
        }
        var path = searchPath
        // Right after the project's own plugins/ folder: the project's plugins still win.
        let insertion = path.folders.firstIndex { $0.origin == "project" }.map { $0 + 1 } ?? 0
        path.folders.insert(contentsOf: folders, at: insertion)
        catalog = PluginCatalog.discover(path, files: files, wanted: wanted, index: index)
        for problem in catalog.problems {
            if let entry = entryForFile[problem.location] {
                report.error("config.plugin-file", at: entry.position, "plugin file '\(entry.path)' cannot be used: \(problem.location): \(problem.message)")
            }
        }
    }

    /// The isolation the `plugins:` entry that brought `plugin` asks for, if any.
    package func isolation(of plugin: PluginInfo) -> StageIsolation? {
        isolations.isolation(of: plugin)
    }

    /// The plugin stage `uses` names, or nil after reporting what exists instead.
    package func resolve(_ stage: StageDeclaration, report: DiagnosticCollector) -> (plugin: PluginInfo, stage: StageInfo)? {
        guard let uses = stage.uses else { return nil }
        do {
            return try catalog.stage(uses)
        } catch {
            let known = error.code == .pluginUnknownStage
            var message = error.message
            if !catalog.problems.isEmpty {
                let problems = catalog.problems.map { "\($0.location): \($0.message)" }
                message += ". These could not be loaded, and one may be the plugin meant: " + problems.joined(separator: "; ")
            }
            if !known {
                message += ". Fix `uses`, or list the plugin's folder or .so file under `plugins:`"
            }
            report.error(known ? "config.unknown-plugin-stage" : "config.unknown-plugin", at: stage.usesPosition, stage: stage.name, message)
            return nil
        }
    }
}

/// The `isolation` that `plugins:` entries set: for a plugin file, or every plugin in a
/// folder. Kept with the pipeline, so that models of those plugins load in a worker too.
package struct PluginIsolations: Sendable {
    var rules: [(path: String, folder: Bool, isolation: StageIsolation)] = []

    package init() {}

    /// The isolation the entry that brought `plugin` asks for, if any.
    package func isolation(of plugin: PluginInfo) -> StageIsolation? {
        let path = URL(fileURLWithPath: plugin.path).standardized.path
        return rules.first { $0.folder ? path.hasPrefix($0.path + "/") : path == $0.path }?.isolation
    }
}
