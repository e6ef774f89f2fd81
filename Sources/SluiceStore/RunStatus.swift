/// Where a run stands.
package enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running
    case succeeded
    case failed
    case gateFailed = "gate-failed"
    case awaitingApproval = "awaiting-approval"
    case rejected
    case cancelled
    /// The process that ran it died (kill -9, power loss); found on the next start.
    case interrupted
}

/// Where one stage of a run stands.
package enum StageRunStatus: String, Sendable, Codable, CaseIterable {
    case waiting
    case running
    case succeeded
    /// Reused the outputs of an identical earlier execution.
    case cached
    case failed
    case gateFailed = "gate-failed"
    case cancelled
    /// Not run because a stage it needs did not succeed.
    case skipped
    case awaitingApproval = "awaiting-approval"
    case rejected

    /// Finished with outputs the stages after it can use.
    package var isSuccess: Bool { self == .succeeded || self == .cached }
}
