import SluiceKit

/// Why a line of a JSON Lines file cannot be read, in the words of the loader's messages
/// (the caller adds the file and line).
struct JSONLineError: JSONFailure {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    init(_ syntax: JSONSyntaxError) {
        message = "not valid JSON at column \(syntax.offset + 1): \(syntax.message). Each line must be one JSON object"
    }
}
