import CSluiceABI

/// The kind of a stage (`enum sluice_stage_kind`).
public enum StageKind: Int32, Sendable {
    case loader = 1
    case transformer = 2
    case trainer = 3
    case tester = 4
    case deployer = 5
    case monitor = 6
}

/// One step a pipeline can use. Implement one of the kind protocols (`Loader`,
/// `Transformer`, `Trainer`, `Tester`, `Deployer`, `Monitor`) rather than this one.
///
/// An implementation must: declare its id, version, config schema and ports; build
/// itself from its decoded config in `init` (throw `StageError.invalidConfig` for a
/// config the schema cannot catch); and in `run` read inputs and write outputs through
/// the call. The host creates one instance per pipeline stage and calls `run` from one
/// thread at a time.
public protocol Stage {
    /// The stage's configuration, decoded from the pipeline's `with` (JSON).
    associatedtype Config: Decodable

    /// The stage id within the plugin, `[a-z][a-z0-9_-]*`.
    static var id: String { get }
    /// The kind of stage.
    static var kind: StageKind { get }
    /// The stage's version.
    static var version: String { get }
    /// One line describing what the stage does.
    static var summary: String { get }
    /// The JSON Schema of `Config`, checked by the host before the stage is created.
    static var configSchema: String { get }
    /// The inputs the stage reads.
    static var inputs: [Port] { get }
    /// The outputs the stage writes.
    static var outputs: [Port] { get }
    /// True when the stage reads the world outside its inputs and config (live data):
    /// the host then never reuses its outputs from the cache.
    static var volatile: Bool { get }
    /// Runnable examples of the stage (ABI 1.1): `sluice plugins check` runs them, and
    /// the host checks their shape when it loads the plugin.
    static var examples: [StageExample] { get }

    /// Builds the stage for one pipeline stage. `host` stays usable until the instance is released.
    init(config: Config, host: HostServices) throws
    /// Executes the stage once.
    mutating func run(_ call: StageCall) throws
}

extension Stage {
    public static var version: String { "1.0.0" }
    public static var summary: String { "" }
    public static var configSchema: String { #"{"type":"object"}"# }
    public static var inputs: [Port] { [] }
    public static var outputs: [Port] { [] }
    public static var volatile: Bool { false }
    public static var examples: [StageExample] { [] }
}

/// A config for stages that take none.
public struct NoConfig: Decodable, Sendable {}

/// Brings data in (files, databases, services).
public protocol Loader: Stage {}
/// Table in, table out.
public protocol Transformer: Stage {}
/// Table in, model out.
public protocol Trainer: Stage {}
/// Evaluates a model and may fail a quality gate.
public protocol Tester: Stage {}
/// Registers, promotes or exports models.
public protocol Deployer: Stage {}
/// Watches production data and predictions.
public protocol Monitor: Stage {}

extension Loader { public static var kind: StageKind { .loader } }
extension Transformer { public static var kind: StageKind { .transformer } }
extension Trainer { public static var kind: StageKind { .trainer } }
extension Tester { public static var kind: StageKind { .tester } }
extension Deployer { public static var kind: StageKind { .deployer } }
extension Monitor { public static var kind: StageKind { .monitor } }
