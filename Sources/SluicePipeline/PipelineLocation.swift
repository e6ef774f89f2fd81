import Foundation
import SluicePlugins

/// Where a pipeline file lives and the project around it.
package struct PipelineLocation: Sendable {
    /// The path as the user gave it (used in messages).
    package let file: String
    /// The folder holding the file: `.sluice/` and relative paths in the pipeline live here.
    package let projectDirectory: String
    /// The file's path relative to the project folder (recorded with each run).
    package let relativePath: String

    package init(_ file: String) {
        self.file = file
        let absolute = URL(fileURLWithPath: file).standardizedFileURL
        projectDirectory = absolute.deletingLastPathComponent().path
        relativePath = absolute.lastPathComponent
    }

    package func load(overrides: [String], pluginPaths: [String]) throws(Diagnostics) -> Pipeline {
        var searchPath = PluginSearchPath.standard(projectDirectory: projectDirectory)
        searchPath.folders.insert(contentsOf: pluginPaths.map { PluginFolder(path: $0, origin: "--plugin-path") }, at: 1)
        return try PipelineLoader.load(file: file, overrides: overrides, searchPath: searchPath)
    }
}
