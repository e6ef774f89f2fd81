import Foundation
import SluicePlugins
import SluiceSupport

/// Which models load in a worker process of their own (`WorkerModel`) instead of in this
/// one: those whose plugins the user asked to isolate (`--isolation process`, a
/// `plugins:` entry with `isolation: process`), and always those of a Swift plugin
/// built by another toolchain. A model whose plugin crashes in a worker fails its
/// request, and the worker is started again for the next one.
package struct ModelIsolation: Sendable {
    /// Every model's plugins run in a worker.
    package var all: Bool
    /// Plugins the user named for a worker (beside `all`).
    package var chosen: @Sendable (PluginInfo) -> Bool
    /// The `sluice` executable that runs workers; nil finds it when first needed.
    package var executable: String?
    /// How long a worker asked to close has before it is killed.
    package var grace: TimeInterval
    /// This process is the worker: everything loads here.
    package var insideWorker = false

    package init(all: Bool = false, executable: String? = nil, grace: TimeInterval = 2,
                 chosen: @escaping @Sendable (PluginInfo) -> Bool = { _ in false }) {
        self.all = all
        self.chosen = chosen
        self.executable = executable
        self.grace = grace
    }

    /// Only what must be isolated: Swift plugins of another toolchain.
    package static let automatic = ModelIsolation()

    /// Inside a worker, which loads what its host sent it.
    package static var worker: ModelIsolation {
        var isolation = ModelIsolation()
        isolation.insideWorker = true
        return isolation
    }

    /// Whether `plugin`'s code must run in a worker, and why (for the log).
    package func reason(for plugin: PluginInfo) -> String? {
        if insideWorker { return nil }
        if plugin.foreignToolchain {
            return "plugin '\(plugin.id)' was built by another Swift toolchain ('\(plugin.build)', this sluice: '\(PluginLoader.swiftFingerprint)'), so its models run in a worker process"
        }
        if all || chosen(plugin) { return "plugin '\(plugin.id)' runs in a worker process (isolation: process)" }
        return nil
    }

    /// The worker executable, or an error saying how to name it.
    package func workerExecutable(for plugin: PluginInfo, what: String) throws(SluiceError) -> String {
        if let executable = executable ?? WorkerSettings.findExecutable() { return executable }
        let code: SluiceError.Code = plugin.foreignToolchain ? .pluginToolchainMismatch : .workerStart
        throw SluiceError(code, at: what, "the model's plugin '\(plugin.id)' must run in a worker process, but the sluice executable to run it was not found; set SLUICE_WORKER_EXECUTABLE to its path")
    }
}
