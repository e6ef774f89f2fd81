/// The error a stage throws to fail with a specific protocol status.
///
/// Any other Swift error thrown from a stage becomes `Status.failed` with the error's
/// description; a `DecodingError` from reading the config becomes `Status.invalidConfig`.
public struct StageError: Error, CustomStringConvertible, Sendable {
    /// The status reported to the host.
    public let status: Status
    /// What went wrong and how to fix it, for the person running the pipeline.
    public let message: String

    /// An error with an explicit status.
    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    /// The stage's configuration is wrong.
    public static func invalidConfig(_ message: String) -> StageError { StageError(.invalidConfig, message) }
    /// The input data is wrong.
    public static func invalidInput(_ message: String) -> StageError { StageError(.invalidInput, message) }
    /// The stage failed.
    public static func failed(_ message: String) -> StageError { StageError(.failed, message) }
    /// The run was cancelled.
    public static func cancelled(_ message: String = "cancelled") -> StageError { StageError(.cancelled, message) }
    /// A tester judged the model not good enough.
    public static func gateFailed(_ message: String) -> StageError { StageError(.gateFailed, message) }
    /// A named port, artifact or item does not exist.
    public static func notFound(_ message: String) -> StageError { StageError(.notFound, message) }
}
