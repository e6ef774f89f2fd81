/// A misuse of the test harness (an unknown stage, an input for a port the stage does
/// not declare, a plugin without the capability asked for): thrown, never a crash.
/// What the stage itself does wrong is not an error here: it is in `StageRun`.
public struct HarnessError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong and how to fix the test.
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
