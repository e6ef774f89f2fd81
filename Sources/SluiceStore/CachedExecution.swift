import Foundation
import SluiceSupport

/// A successful earlier execution of a stage that a stage with the same fingerprint
/// may reuse instead of running.
package struct CachedExecution: Sendable, Equatable {
    package var runID: String
    package var stage: String
    /// Its outputs, artifacts and files, ordered by role and name.
    package var outputs: [ArtifactRecord]
    /// The execution that ran and produced them: this one, or (when this one was itself
    /// reused from the cache) the one it reused. A stage reusing them records it.
    package var producer: StageExecution

    package init(runID: String, stage: String, outputs: [ArtifactRecord], producer: StageExecution? = nil) {
        self.runID = runID
        self.stage = stage
        self.outputs = outputs
        self.producer = producer ?? StageExecution(runID: runID, stage: stage)
    }
}
