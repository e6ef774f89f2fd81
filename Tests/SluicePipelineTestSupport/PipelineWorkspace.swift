import Foundation
import SluicePipeline
import SluicePlugins
import SluiceTestSupport

/// A temporary project folder for pipeline tests: the pipeline file goes in it, and the
/// two test plugins are linked into a `builtin` folder so that messages list exactly them.
package struct PipelineWorkspace {
    package let folder: TemporaryFolder
    /// The folder holding links to libSluicePluginHelloC.so and libSluiceTestPlugin.so.
    package let plugins: String

    package init() throws {
        folder = try TemporaryFolder()
        plugins = folder.file("builtin")
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        for name in ["libSluicePluginHelloC.so", "libSluiceTestPlugin.so"] {
            try FileManager.default.createSymbolicLink(atPath: plugins + "/" + name, withDestinationPath: TestEnvironment.product(name))
        }
    }

    /// The standard order: the project's plugins/ folder (optional), then the built-in ones.
    package func searchPath(project: String? = nil) -> PluginSearchPath {
        PluginSearchPath([
            PluginFolder(path: (project ?? folder.path) + "/plugins", origin: "project", optional: true),
            PluginFolder(path: plugins, origin: "built-in"),
        ])
    }

    /// Writes `yaml` as the pipeline file and loads it.
    package func load(_ yaml: String, file: String = "sluice.yaml", overrides: [String] = [], environment: [String: String] = [:]) throws(Diagnostics) -> Pipeline {
        do {
            try folder.write(file, yaml)
        } catch {
            throw Diagnostics([Diagnostic("test.setup", at: nil, "could not write \(file): \(error)")])
        }
        return try PipelineLoader.load(file: folder.file(file), overrides: overrides, environment: environment, searchPath: searchPath())
    }

    /// The diagnostics loading `yaml` gives (empty when it loads).
    package func problems(_ yaml: String, overrides: [String] = [], environment: [String: String] = [:]) -> [Diagnostic] {
        do {
            _ = try load(yaml, overrides: overrides, environment: environment)
            return []
        } catch {
            return error.items
        }
    }

    package func remove() { folder.remove() }
}
