import SluiceSupport
/// The error codes SluiceArrow raises. Codes are stable: scripts and tests match on them.
extension SluiceError.Code {
    package static let arrowBadMagic = Self("arrow.bad-magic", kind: .config)
    package static let arrowCorrupt = Self("arrow.corrupt", kind: .config)
    package static let arrowInvalid = Self("arrow.invalid", kind: .failure)
    package static let arrowInvalidCData = Self("arrow.invalid-c-data", kind: .stageFailed)
    package static let arrowIo = Self("arrow.io", kind: .failure)
    package static let arrowTruncated = Self("arrow.truncated", kind: .config)
    package static let arrowUnsupportedFeature = Self("arrow.unsupported-feature", kind: .config)
    package static let arrowUnsupportedType = Self("arrow.unsupported-type", kind: .config)
}
