import SluiceSupport
/// The error codes SluiceStore raises. Codes are stable: scripts and tests match on them.
extension SluiceError.Code {
    package static let depsMissing = Self("deps.missing", kind: .stageFailed)
    package static let depsUnreadable = Self("deps.unreadable", kind: .config)
    package static let lineageUnknownArtifact = Self("lineage.unknown-artifact", kind: .usage)
    package static let lineageUnknownStage = Self("lineage.unknown-stage", kind: .usage)
    package static let pluginLibraryUnreadable = Self("plugin.library-unreadable", kind: .failure)
    package static let runsUnknown = Self("runs.unknown", kind: .usage)
    package static let storeCannotCreate = Self("store.cannot-create", kind: .failure)
    package static let storeCannotOpen = Self("store.cannot-open", kind: .failure)
    package static let storeCannotRead = Self("store.cannot-read", kind: .failure)
    package static let storeCannotRestore = Self("store.cannot-restore", kind: .failure)
    package static let storeInternal = Self("store.internal", kind: .config)
    package static let storeIo = Self("store.io", kind: .failure)
    package static let storeMissingObject = Self("store.missing-object", kind: .failure)
    package static let storeRead = Self("store.read", kind: .failure)
    package static let storeWrite = Self("store.write", kind: .failure)
}
