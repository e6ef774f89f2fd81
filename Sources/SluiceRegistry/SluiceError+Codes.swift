import SluiceSupport
/// The error codes SluiceRegistry raises. Codes are stable: scripts and tests match on them.
extension SluiceError.Code {
    package static let registryBadName = Self("registry.bad-name", kind: .usage)
    package static let registryBadPercent = Self("registry.bad-percent", kind: .usage)
    package static let registryGatesFailed = Self("registry.gates-failed", kind: .gateFailed)
    package static let registryNoPrevious = Self("registry.no-previous", kind: .usage)
    package static let registryUnknownAlias = Self("registry.unknown-alias", kind: .usage)
    package static let registryUnknownModel = Self("registry.unknown-model", kind: .usage)
    package static let registryUnknownVersion = Self("registry.unknown-version", kind: .usage)
}
