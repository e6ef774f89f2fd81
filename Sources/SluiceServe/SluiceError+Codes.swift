import SluiceSupport
/// The error codes SluiceServe raises. Codes are stable: scripts and tests match on them.
extension SluiceError.Code {
    package static let serveIo = Self("serve.io", kind: .failure)
    package static let serveListen = Self("serve.listen", kind: .failure)
    package static let serveModelFile = Self("serve.model-file", kind: .usage)
    package static let servePredictionLog = Self("serve.prediction-log", kind: .failure)
    package static let serveUnsupportedFeature = Self("serve.unsupported-feature", kind: .failure)
}
