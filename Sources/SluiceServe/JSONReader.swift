import SluiceJSON

/// Request bodies are read with the shared pull reader; its syntax errors answer 400.
typealias JSONReader = JSONPullReader<ServeError>

extension ServeError: JSONFailure {
    package init(_ syntax: JSONSyntaxError) {
        self = .badRequest("malformed-json", "malformed JSON at byte \(syntax.offset): \(syntax.message)")
    }
}
