/// What a transformer stage learnt from its train table (a scaler's means, an
/// encoder's categories), loaded back to transform rows the same way at serving time:
/// the Swift side of the protocol's fitted-transform capability ("sluice.transform/1").
///
/// A transformer stage writes the fitted transform's artifact on an output port with
/// one of `mediaTypes`, and transforms its own tables with `apply`, so that training
/// and serving run the same code. The plugin lists the type in
/// `Plugin(..., transforms: [...])`; the host then composes it with every model
/// trained after it, and the server, `sluice predict` and the gates take raw rows.
/// A loaded transform is shared between threads, so it must be immutable (`Sendable`).
public protocol FittedTransform: Sendable {
    /// The media types of this transform's artifacts; the first is the one written.
    static var mediaTypes: [String] { get }

    /// Whether `prefix` (the first bytes of an artifact, up to 4 KiB) looks like this
    /// transform's format.
    static func accepts(prefix: [UInt8]) -> Bool

    /// Loads a fitted transform from its artifact. Throw `StageError(.unsupported, ...)`
    /// for a format version this code does not read.
    init(artifact: [UInt8]) throws

    /// The columns it reads and writes.
    var transformDescription: TransformDescription { get }

    /// Transforms every row of `input`: one output row per input row, the columns it
    /// reads replaced by those it writes, the others (and the metadata) passed on.
    /// Throw `StageError.invalidInput` naming the column for a row it cannot transform.
    func apply(_ input: Table) throws -> Table
}

/// The protocol's fitted-transform description: what `describe` returns as JSON.
public struct TransformDescription: Codable, Sendable, Equatable {
    /// "<format id>/<version>", e.g. "sluice.standardize/1".
    public var format: String
    /// The columns it reads, with the type it was fitted on.
    public var inputs: [ModelDescription.Field]
    /// The columns it writes.
    public var outputs: [ModelDescription.Field]
    /// False when only `outputs` are kept (a column selection).
    public var passthrough: Bool

    public init(format: String, inputs: [ModelDescription.Field], outputs: [ModelDescription.Field], passthrough: Bool = true) {
        self.format = format
        self.inputs = inputs
        self.outputs = outputs
        self.passthrough = passthrough
    }
}
