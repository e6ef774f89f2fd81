import SluiceArrow
import SluiceJSON
/// What a pipeline file says, each key's shape checked but nothing looked up yet: no
/// plugin loaded, no `needs` followed, no `${...}` replaced.
package struct PipelineDocument {
    package var name: String?
    package var params: [String: JSONValue] = [:]
    package var plugins: [PluginEntry] = []
    package var stages: [StageDeclaration] = []
    package var monitor = MonitorSettings()
    /// The top-level `compression`: how stages' output tables are stored unless a stage says otherwise.
    package var compression: ArrowIPCCompression?
}

/// One entry of `plugins:`, as written (relative to the pipeline file's folder).
package struct PluginEntry {
    package let path: String
    package let position: SourcePosition
    /// `isolation` of the entry's map form: how the stages of its plugins run unless a stage says.
    package var isolation: StageIsolation?

    package init(path: String, position: SourcePosition, isolation: StageIsolation? = nil) {
        self.path = path
        self.position = position
        self.isolation = isolation
    }
}

/// One stage under `stages:`, before its plugin is known.
package struct StageDeclaration {
    package let name: String
    /// Where its key is written.
    package let position: SourcePosition
    package var uses: String?
    package var usesPosition: SourcePosition?
    package var needs: [NeedsEntry] = []
    /// False when `needs` (or a key that looks like a misspelt `needs`) had a problem: the
    /// inputs it would have connected are then not reported as unconnected too.
    package var needsReadable = true
    /// Where the `needs` key is written, if it is.
    package var needsPosition: SourcePosition?
    /// The `with` value as written (nil: absent or empty) and where its key is.
    package var with: YAMLNode?
    package var withPosition: SourcePosition?
    package var approval: Approval = .none
    package var timeout: Double?
    package var retries = 0
    package var cache = true
    package var deps: [String] = []
    package var outs: [String] = []
    /// `compression` as written: nil when the stage does not say (the pipeline's
    /// setting applies), `.some(nil)` for `compression: none`.
    package var compression: ArrowIPCCompression??
    /// `isolation` as written (nil: the plugin's entry or the run decides).
    package var isolation: StageIsolation?
    package var resources = StageResources()
    /// `max_output`: the largest output it may hand back from a worker, in bytes.
    package var maxOutput: Int?
}

/// One entry of `needs`: `stage`, `stage.port`, or in the map form `input: stage.port`.
package struct NeedsEntry {
    /// The input port the map form binds; nil for list entries.
    package let input: String?
    package let inputPosition: SourcePosition?
    package let stage: String
    package let port: String?
    /// Where the reference (`stage.port`) is written.
    package let position: SourcePosition

    package var reference: String { port.map { "\(stage).\($0)" } ?? stage }
}
