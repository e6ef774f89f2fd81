/// Why a metric or a gate condition could not be computed or read: a stable `code`
/// for programs and a message that says what to do, for people.
public struct MetricError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A stable identifier, e.g. `metric.undefined` or `gate.bad-condition`.
    public let code: String
    /// What went wrong and how to fix it.
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code)]" }
}
