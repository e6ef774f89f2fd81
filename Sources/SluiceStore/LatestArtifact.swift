import Foundation

/// The newest artifact of a given name that a stage stored, per pipeline and stage:
/// what a monitor reads to show the current state (the latest drift report of each
/// drift stage), without walking every run.
package struct LatestArtifact: Sendable, Equatable {
    package var pipeline: String
    package var stage: String
    package var runID: String
    package var artifact: ArtifactRecord
    /// When the run that recorded it ended, or started when it has not ended.
    package var time: Date
}
