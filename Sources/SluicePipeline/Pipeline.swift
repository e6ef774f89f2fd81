import SluiceArrow
import SluiceJSON
import SluicePlugins
/// A pipeline file, parsed, checked against the plugins it uses, and resolved: every
/// stage names a loaded plugin stage, every `${...}` is replaced, every `with` matches
/// its schema (defaults filled in) and every input port is bound.
package struct Pipeline: Sendable {
    /// The file it came from (as given) and the SHA-256 of its bytes ("sha256:...").
    package let file: String
    package let digest: String
    package let version: Int
    package let name: String
    /// Params after `--set` overrides.
    package let params: [String: JSONValue]
    /// Stages in the order the file lists them.
    package let stages: [PipelineStage]
    /// Every plugin the pipeline could see, so stages can load models made by any of
    /// them ("sluice.models/1"), not only by the plugins the pipeline uses.
    package let catalog: PluginCatalog
    /// The `monitor:` section: how `sluice monitor` runs and reacts to drift.
    package let monitor: MonitorSettings
    /// What `plugins:` entries say about isolation, for the models of their plugins.
    package let pluginIsolations: PluginIsolations

    package init(file: String, digest: String, version: Int, name: String, params: [String: JSONValue], stages: [PipelineStage],
                 catalog: PluginCatalog? = nil, monitor: MonitorSettings = MonitorSettings(), pluginIsolations: PluginIsolations = PluginIsolations()) {
        self.monitor = monitor
        self.pluginIsolations = pluginIsolations
        self.catalog = catalog ?? PluginCatalog(plugins: stages.map(\.plugin))
        self.file = file
        self.digest = digest
        self.version = version
        self.name = name
        self.params = params
        self.stages = stages
    }

    package func stage(_ name: String) -> PipelineStage? {
        stages.first { $0.name == name }
    }
}

/// A reference to an output port of a stage: `split.train`.
package struct PortReference: Sendable, Equatable, Hashable, CustomStringConvertible {
    package let stage: String
    package let port: String

    package init(stage: String, port: String) {
        self.stage = stage
        self.port = port
    }

    package var description: String { "\(stage).\(port)" }
}

/// Whether a stage waits for a person before it starts.
package enum Approval: String, Sendable, Equatable {
    case none
    case manual
}

/// One stage of a pipeline.
package struct PipelineStage: Sendable {
    /// The stage's name in the file (the key under `stages:`).
    package let name: String
    /// `plugin-id/stage-id`.
    package let uses: String
    package let plugin: PluginInfo
    package let info: StageInfo
    /// The stages it runs after (from `needs`), without duplicates, in file order.
    package let dependencies: [String]
    /// Which upstream output feeds each of its input ports.
    package let inputs: [String: PortReference]
    /// The resolved, validated config (schema defaults filled in). Set only by the
    /// loader and by tools that run a stage with a changed option (`sluice monitor --window`).
    package var config: JSONValue
    package let approval: Approval
    /// Seconds; nil for no limit.
    package let timeout: Double?
    /// Extra attempts after a failure (0 = run once).
    package let retries: Int
    /// Where the stage is defined (its key).
    package let location: SourceLocation
    /// Whether earlier outputs may be reused when nothing changed (`cache: false` opts out).
    package let cache: Bool
    /// Files and folders whose contents count in the stage's fingerprint (`deps`),
    /// relative to the project folder.
    package let deps: [String]
    /// Files and folders the stage writes in the project (`outs`): stored with its
    /// outputs and put back in place when the stage is reused from the cache.
    package let outs: [String]
    /// How the tables it outputs are stored in the object store: nil uncompressed (mapped
    /// when read), else compressed with this codec (`compression:` in the pipeline file).
    package let compression: ArrowIPCCompression?
    /// Where its plugin code runs (`isolation:` on the stage, else its plugin's entry);
    /// nil when the file does not say (the run's `--isolation` decides).
    package let isolation: StageIsolation?
    /// `resources:`; memory and time make it run in a worker.
    package let resources: StageResources
    /// The largest output it may hand back from a worker, in bytes (`max_output:`).
    package let maxOutput: Int?

    package init(
        name: String, uses: String, plugin: PluginInfo, info: StageInfo, dependencies: [String],
        inputs: [String: PortReference], config: JSONValue, approval: Approval, timeout: Double?, retries: Int,
        location: SourceLocation, cache: Bool = true, deps: [String] = [], outs: [String] = [], compression: ArrowIPCCompression? = nil,
        isolation: StageIsolation? = nil, resources: StageResources = StageResources(), maxOutput: Int? = nil
    ) {
        self.isolation = isolation
        self.resources = resources
        self.maxOutput = maxOutput
        self.compression = compression
        self.name = name
        self.uses = uses
        self.plugin = plugin
        self.info = info
        self.dependencies = dependencies
        self.inputs = inputs
        self.config = config
        self.approval = approval
        self.timeout = timeout
        self.retries = retries
        self.location = location
        self.cache = cache
        self.deps = deps
        self.outs = outs
    }
}
