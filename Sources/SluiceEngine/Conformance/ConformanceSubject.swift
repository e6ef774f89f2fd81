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

/// What a conformance worker writes to its result file: the check's result, the subject
/// (from the descriptor worker), or why the request itself could not be answered.
package struct ConformanceWorkerReport: Codable, Sendable {
    package var result: ConformanceResult?
    package var subject: ConformanceSubject?
    /// A problem with the request, not with the plugin (no plugin by that id): its code and message.
    package var errorCode: String?
    package var errorLocation: String?
    package var errorMessage: String?

    package init(result: ConformanceResult? = nil, subject: ConformanceSubject? = nil, error: SluiceErrorFields? = nil) {
        self.result = result
        self.subject = subject
        errorCode = error?.code
        errorLocation = error?.location
        errorMessage = error?.message
    }

    package struct SluiceErrorFields: Sendable {
        let code: String, location: String, message: String

        package init(code: String, location: String, message: String) {
            self.code = code
            self.location = location
            self.message = message
        }
    }
}
