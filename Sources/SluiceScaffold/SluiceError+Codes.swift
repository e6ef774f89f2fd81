import SluiceSupport
/// The error codes SluiceScaffold raises. Codes are stable: scripts and tests match on them.
extension SluiceError.Code {
    package static let templateBadTarget = Self("template.bad-target", kind: .config)
    package static let templatePathTraversal = Self("template.path-traversal", kind: .config)
    package static let scaffoldBadVar = Self("scaffold.bad-var", kind: .usage)
    package static let scaffoldCannotWrite = Self("scaffold.cannot-write", kind: .failure)
    package static let scaffoldInvalidName = Self("scaffold.invalid-name", kind: .usage)
    package static let scaffoldMissingVar = Self("scaffold.missing-var", kind: .usage)
    package static let scaffoldNoHeader = Self("scaffold.no-header", kind: .config)
    package static let scaffoldTargetExists = Self("scaffold.target-exists", kind: .usage)
    package static let scaffoldTargetNotEmpty = Self("scaffold.target-not-empty", kind: .usage)
    package static let scaffoldUnknownTemplate = Self("scaffold.unknown-template", kind: .usage)
    package static let scaffoldWrongKind = Self("scaffold.wrong-kind", kind: .usage)
    package static let templateBadMustache = Self("template.bad-mustache", kind: .config)
    package static let templateDuplicateTarget = Self("template.duplicate-target", kind: .config)
    package static let templateFolderMissing = Self("template.folder-missing", kind: .config)
    package static let templateMissingFile = Self("template.missing-file", kind: .config)
}
