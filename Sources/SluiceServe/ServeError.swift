import Hummingbird

/// A request the server refuses or could not answer: an HTTP status, a stable code
/// ("request.missing-feature") and a message that says what was wrong and how to
/// fix it. Sent as `{"error": MESSAGE, "code": CODE}`.
package struct ServeError: Error, Sendable, CustomStringConvertible {
    package let status: HTTPResponse.Status
    package let code: String
    package let message: String

    package init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    package var description: String { "\(status.code) \(message) [\(code)]" }

    /// A malformed or unusable request body: 400.
    static func badRequest(_ code: String, _ message: String) -> ServeError {
        ServeError(.badRequest, "request.\(code)", message)
    }
}
