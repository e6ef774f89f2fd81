import Foundation

/// A folder the host looks in for plugins.
package struct PluginFolder: Sendable, Equatable {
    package let path: String
    /// Where the folder came from, shown to users: "project", "SLUICE_PLUGIN_PATH", "built-in", "pipeline".
    package let origin: String
    /// A missing optional folder is skipped quietly (the project's plugins/ need not exist).
    package let optional: Bool
    /// Only files whose name starts with this are plugins (used for the development
    /// build folder, which holds other libraries too).
    package let namePrefix: String?

    package init(path: String, origin: String, optional: Bool = false, namePrefix: String? = nil) {
        self.path = path
        self.origin = origin
        self.optional = optional
        self.namePrefix = namePrefix
    }
}

/// The ordered list of folders searched for plugins: the project's `plugins/`, each
/// folder of `SLUICE_PLUGIN_PATH`, then the built-in plugins shipped with `sluice`.
package struct PluginSearchPath: Sendable, Equatable {
    package var folders: [PluginFolder]

    package init(_ folders: [PluginFolder]) {
        self.folders = folders
    }

    /// The standard search path for a project folder.
    package static func standard(
        projectDirectory: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String? = executablePath()
    ) -> PluginSearchPath {
        var folders = [PluginFolder(path: projectDirectory + "/plugins", origin: "project", optional: true)]
        for entry in (environment["SLUICE_PLUGIN_PATH"] ?? "").split(separator: ":") where !entry.isEmpty {
            folders.append(PluginFolder(path: String(entry), origin: "SLUICE_PLUGIN_PATH"))
        }
        if let executablePath, let builtIn = builtInFolder(executablePath: executablePath) {
            folders.append(builtIn)
        }
        return PluginSearchPath(folders)
    }

    /// The built-in plugins beside an executable: `PREFIX/lib/sluice/plugins` for an
    /// installed `PREFIX/bin/sluice`, else the executable's own folder (a SwiftPM build
    /// folder), where built-in plugin products are named `libSluicePlugin*`.
    package static func builtInFolder(executablePath: String) -> PluginFolder? {
        let binary = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        let folder = binary.deletingLastPathComponent()
        let installed = folder.deletingLastPathComponent().appendingPathComponent("lib/sluice/plugins").path
        if FileManager.default.fileExists(atPath: installed) {
            return PluginFolder(path: installed, origin: "built-in", optional: true)
        }
        return PluginFolder(path: folder.path, origin: "built-in", optional: true, namePrefix: "libSluicePlugin")
    }

    /// The running executable's path.
    package static func executablePath() -> String? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath
    }
}
