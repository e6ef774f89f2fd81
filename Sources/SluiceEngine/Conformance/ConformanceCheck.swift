/// The checks of the conformance kit (`sluice plugins check`), by their stable names:
/// scripts and tests match on them, and the table and `--json` print them as is.
package enum ConformanceCheck: String, CaseIterable, Codable, Sendable {
    /// The plugin loads: its descriptor follows the protocol's rules.
    case descriptor
    /// A stage's config schema is a sound object schema that its examples follow.
    case schema
    /// A stage is created and destroyed many times without crashing or holding memory.
    case createDestroy = "create-destroy"
    /// A stage's declared examples give the status and outputs they expect.
    case examples
    /// A stage asked to stop returns within the grace period.
    case cancellation
    /// A stage writes every required output it declares, and nothing it does not.
    case outputs
    /// A model the plugin loads predicts the same from several threads at once.
    case modelThreads = "model-threads"
    /// A stage that fails says why.
    case errorMessages = "error-messages"

    /// The checks run once per stage, in the order they are reported.
    package static let perStage: [ConformanceCheck] = [.schema, .createDestroy, .examples, .cancellation, .outputs, .errorMessages, .modelThreads]
}

/// How one check of one stage ended.
package enum ConformanceOutcome: String, Codable, Sendable {
    case passed
    case failed
    /// The check did not apply (no example to run, no model capability): never a pass.
    case skipped
}

/// The result of one check of one stage (or of the whole plugin, `stage` nil).
package struct ConformanceResult: Codable, Sendable, Equatable {
    package let check: ConformanceCheck
    package let stage: String?
    package let outcome: ConformanceOutcome
    /// What was measured, or why it failed or was skipped: one sentence for a person.
    package let detail: String

    package init(_ check: ConformanceCheck, stage: String?, _ outcome: ConformanceOutcome, _ detail: String) {
        self.check = check
        self.stage = stage
        self.outcome = outcome
        self.detail = detail
    }

    package static func passed(_ check: ConformanceCheck, stage: String?, _ detail: String) -> Self { Self(check, stage: stage, .passed, detail) }
    package static func failed(_ check: ConformanceCheck, stage: String?, _ detail: String) -> Self { Self(check, stage: stage, .failed, detail) }
    package static func skipped(_ check: ConformanceCheck, stage: String?, _ detail: String) -> Self { Self(check, stage: stage, .skipped, detail) }
}
