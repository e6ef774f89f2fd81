/// What a conformance worker writes to its result file: the check's result, the subject
/// (from the descriptor worker), or why the request itself could not be answered.
package struct ConformanceWorkerReport: Codable, Sendable {
    package var result: ConformanceResult?
    package var subject: ConformanceSubject?
    /// A problem with the request, not with the plugin (no plugin by that id): its code and message.
    package var errorCode: String?
    package var errorLocation: String?
    package var errorMessage: String?

    package init(result: ConformanceResult? = nil, subject: ConformanceSubject? = nil, error: SluiceErrorFields? = nil) {
        self.result = result
        self.subject = subject
        errorCode = error?.code
        errorLocation = error?.location
        errorMessage = error?.message
    }

    package struct SluiceErrorFields: Sendable {
        let code: String, location: String, message: String

        package init(code: String, location: String, message: String) {
            self.code = code
            self.location = location
            self.message = message
        }
    }
}
