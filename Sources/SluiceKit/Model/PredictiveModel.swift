/// A trained model a trainer plugin can load back and predict with: the Swift side of
/// the protocol's model capability ("sluice.predict/1").
///
/// A trainer stage writes the model's artifact on an output port with one of
/// `mediaTypes`; the plugin lists the model type in `Plugin(..., models: [...])`, and
/// from then on the server, `sluice predict` and the testers can use the model without
/// knowing the plugin. A loaded model is shared between threads, so it must be
/// immutable (`Sendable`).
public protocol PredictiveModel: Sendable {
    /// The media types of this model's artifacts; the first is the one written.
    static var mediaTypes: [String] { get }

    /// Whether `prefix` (the first bytes of an artifact, up to 4 KiB) looks like this
    /// model's format. Used for artifacts whose media type is unknown (a plain file).
    static func accepts(prefix: [UInt8]) -> Bool

    /// Loads a model from its artifact. Throw `StageError(.unsupported, ...)` for a
    /// format version this code does not read, saying which versions it reads.
    init(artifact: [UInt8]) throws

    /// Loads a model that may log through `host` while it lives (keep it). The default
    /// calls `init(artifact:)`. A 1.1 host calls this one; a 1.0 host has no model host,
    /// and then `host` is `ModelHost.none`.
    init(artifact: [UInt8], host: ModelHost) throws

    /// What the model expects and produces.
    var modelDescription: ModelDescription { get }

    /// Predicts every row of `input`: one output row per input row, with a
    /// "prediction" column and, for classifiers, "probability_<label>" columns.
    func predict(_ input: Table) throws -> Table
}

extension PredictiveModel {
    public init(artifact: [UInt8], host: ModelHost) throws {
        try self.init(artifact: artifact)
    }
}

/// The protocol's model description: what `describe` returns as JSON.
public struct ModelDescription: Codable, Sendable, Equatable {
    public enum Task: String, Codable, Sendable {
        case regression, classification
    }

    /// A named, typed column the model reads or writes.
    public struct Field: Codable, Sendable, Equatable {
        public var name: String
        /// An Arrow type name as in the protocol: float64, int64, utf8, bool...
        public var type: String
        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    /// "<format id>/<version>", e.g. "sluice.linear/1".
    public var format: String
    public var task: Task
    public var features: [Field]
    public var target: String
    /// Class labels as strings, in the order of the probability columns.
    public var classes: [String]?
    public var outputs: [Field]

    public init(format: String, task: Task, features: [Field], target: String, classes: [String]? = nil, outputs: [Field]) {
        self.format = format
        self.task = task
        self.features = features
        self.target = target
        self.classes = classes
        self.outputs = outputs
    }

    /// The column name holding the probability of `label`.
    public static func probabilityColumn(_ label: String) -> String { "probability_" + label }

    /// The name of the predicted value's column.
    public static let predictionColumn = "prediction"
}
