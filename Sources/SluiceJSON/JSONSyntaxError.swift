/// Where a JSON text breaks its grammar: the byte offset and what was expected there.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bytes from the start of the text to where the reader stopped.
    public let offset: Int
    /// What was expected there, e.g. "expected ':' after the key, found '2'".
    public let message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "byte \(offset): \(message)" }
}

/// The error a reader's user throws, which a syntax error must become, so that the
/// callbacks of `readObject` and `readArray` and the reader throw one type.
public protocol JSONFailure: Error {
    /// The caller's error for a syntax error (which names the byte offset).
    init(_ syntax: JSONSyntaxError)
}

extension JSONSyntaxError: JSONFailure {
    /// A reader of plain JSON throws the syntax error itself.
    public init(_ syntax: JSONSyntaxError) { self = syntax }
}
