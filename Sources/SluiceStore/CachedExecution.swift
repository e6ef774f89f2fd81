import Foundation
import SluiceSupport

/// A successful earlier execution of a stage that a stage with the same fingerprint
/// may reuse instead of running.
package struct CachedExecution: Sendable, Equatable {
    package var runID: String
    package var stage: String
    /// Its outputs, artifacts and files, ordered by role and name.
    package var outputs: [ArtifactRecord]
}
