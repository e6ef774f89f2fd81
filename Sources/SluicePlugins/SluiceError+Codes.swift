import SluiceSupport
/// The error codes SluicePlugins raises. Codes are stable: scripts and tests match on them.
extension SluiceError.Code {
    package static let pluginAbiMismatch = Self("plugin.abi-mismatch", kind: .config)
    package static let pluginBadDescriptor = Self("plugin.bad-descriptor", kind: .config)
    package static let pluginBadReference = Self("plugin.bad-reference", kind: .config)
    package static let pluginCannotOpen = Self("plugin.cannot-open", kind: .config)
    package static let pluginDuplicateId = Self("plugin.duplicate-id", kind: .config)
    package static let pluginEntryNull = Self("plugin.entry-null", kind: .config)
    package static let pluginInitFailed = Self("plugin.init-failed", kind: .config)
    package static let pluginBadSchema = Self("plugin.bad-schema", kind: .config)
    package static let pluginBadExamples = Self("plugin.bad-examples", kind: .config)
    package static let pluginFolderMissing = Self("plugin.folder-missing", kind: .config)
    package static let pluginFolderUnreadable = Self("plugin.folder-unreadable", kind: .config)
    package static let pluginNoEntry = Self("plugin.no-entry", kind: .config)
    package static let pluginNotALibrary = Self("plugin.not-a-library", kind: .config)
    package static let pluginNotFound = Self("plugin.not-found", kind: .config)
    package static let pluginToolchainMismatch = Self("plugin.toolchain-mismatch", kind: .config)
    package static let pluginUnknown = Self("plugin.unknown", kind: .config)
    package static let pluginUnknownStage = Self("plugin.unknown-stage", kind: .config)
}
