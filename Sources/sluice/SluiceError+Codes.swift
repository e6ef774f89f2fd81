import SluiceSupport
/// The error codes sluice raises. Codes are stable: scripts and tests match on them.
extension SluiceError.Code {
    package static let approvalNoName = Self("approval.no-name", kind: .usage)
    package static let approvalNotWaiting = Self("approval.not-waiting", kind: .usage)
    package static let approvalUnknownStage = Self("approval.unknown-stage", kind: .usage)
    package static let artifactsCannotWrite = Self("artifacts.cannot-write", kind: .failure)
    package static let artifactsNotStored = Self("artifacts.not-stored", kind: .failure)
    package static let artifactsUnknown = Self("artifacts.unknown", kind: .usage)
    package static let cliBadInput = Self("cli.bad-input", kind: .usage)
    package static let cliBadJson = Self("cli.bad-json", kind: .usage)
    package static let cliCannotWrite = Self("cli.cannot-write", kind: .failure)
    package static let cliMissingArgument = Self("cli.missing-argument", kind: .usage)
    package static let dataNotFound = Self("data.not-found", kind: .usage)
    package static let dataNotStored = Self("data.not-stored", kind: .failure)
    package static let predictNoInput = Self("predict.no-input", kind: .usage)
    package static let predictStore = Self("predict.store", kind: .failure)
    package static let runsNoStore = Self("runs.no-store", kind: .usage)
    package static let scaffoldBadKind = Self("scaffold.bad-kind", kind: .usage)
    package static let scaffoldNoSdk = Self("scaffold.no-sdk", kind: .config)
    package static let serveAdminToken = Self("serve.admin-token", kind: .usage)
    package static let serveBadModel = Self("serve.bad-model", kind: .usage)
}
