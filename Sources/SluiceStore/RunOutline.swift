import Foundation
import SluiceSupport

/// What the end of `sluice run` prints: the run, its stages and the last value of each
/// metric. Read without the metric history, which can be 100,000 rows.
package struct RunOutline: Sendable {
    package var summary: RunSummary
    package var stages: [StageRecord]
    /// The last value of each metric, per stage, in first-seen order (as `RunDetail.latestMetrics`).
    package var latestMetrics: [(stage: String, name: String, value: Double)]
}
