import SluicePlugins

/// The plugin under check, as the worker that loaded it describes it to the checker
/// (which never loads the plugin itself, so that a plugin crashing at load fails the
/// descriptor check instead of the checker).
package struct ConformanceSubject: Codable, Sendable, Equatable {
    package let id: String
    package let version: String
    /// The library's path: the other workers load this file.
    package let path: String
    package let stages: [String]
    /// Whether it offers "sluice.predict/1" (else model-threads is skipped once, for all stages).
    package let modelCapability: Bool

    package init(_ plugin: PluginInfo) {
        id = plugin.id
        version = plugin.version
        path = plugin.path
        stages = plugin.stages.map(\.id)
        modelCapability = PredictCapability(plugin) != nil
    }
}
