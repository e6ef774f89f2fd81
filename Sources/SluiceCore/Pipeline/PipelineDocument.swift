/// What a pipeline file says, each key's shape checked but nothing looked up yet: no
/// plugin loaded, no `needs` followed, no `${...}` replaced.
struct PipelineDocument {
    var name: String?
    var params: [String: JSONValue] = [:]
    var plugins: [PluginEntry] = []
    var stages: [StageDeclaration] = []
    var monitor = MonitorSettings()
}

/// One entry of `plugins:`, as written (relative to the pipeline file's folder).
struct PluginEntry {
    let path: String
    let position: SourcePosition
}

/// One stage under `stages:`, before its plugin is known.
struct StageDeclaration {
    let name: String
    /// Where its key is written.
    let position: SourcePosition
    var uses: String?
    var usesPosition: SourcePosition?
    var needs: [NeedsEntry] = []
    /// False when `needs` (or a key that looks like a misspelt `needs`) had a problem: the
    /// inputs it would have connected are then not reported as unconnected too.
    var needsReadable = true
    /// Where the `needs` key is written, if it is.
    var needsPosition: SourcePosition?
    /// The `with` value as written (nil: absent or empty) and where its key is.
    var with: YAMLNode?
    var withPosition: SourcePosition?
    var approval: Approval = .none
    var timeout: Double?
    var retries = 0
    var cache = true
    var deps: [String] = []
    var outs: [String] = []
}

/// One entry of `needs`: `stage`, `stage.port`, or in the map form `input: stage.port`.
struct NeedsEntry {
    /// The input port the map form binds; nil for list entries.
    let input: String?
    let inputPosition: SourcePosition?
    let stage: String
    let port: String?
    /// Where the reference (`stage.port`) is written.
    let position: SourcePosition

    var reference: String { port.map { "\(stage).\($0)" } ?? stage }
}
