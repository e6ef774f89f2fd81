import Foundation
import SluiceStore
import SluiceSupport
import Synchronization

/// Collects what stages report (logs, metrics, params) from any thread and writes it
/// to the run store in batches: one transaction per flush instead of one per value.
package final class EventBuffer: Sendable {
    private struct Pending {
        package var metrics: [MetricRecord] = []
        package var events: [EventRecord] = []
        package var params: [(stage: String, name: String, value: String)] = []
    }

    private let pending = Mutex(Pending())
    private let store: any RunStore
    private let runID: String

    package init(store: any RunStore, runID: String) {
        self.store = store
        self.runID = runID
    }

    package func add(_ stage: String, _ event: StageEvent) {
        let now = Date()
        pending.withLock { pending in
            switch event {
            case .log(let level, let message):
                pending.events.append(EventRecord(stage: stage, time: now, level: level.name, message: message))
            case .metric(let name, let value, let step):
                pending.metrics.append(MetricRecord(stage: stage, name: name, value: value, step: step, time: now))
            case .param(let name, let json):
                pending.params.append((stage, name, json))
            case .progress:
                break  // shown live, not stored
            }
        }
    }

    /// A run-level event (approval waits, retries, cancellation) for `runs show`.
    package func note(_ stage: String, _ level: LogLevel, _ message: String) {
        add(stage, .log(level, message))
    }

    package func flush() throws(SluiceError) {
        let batch = RunStoreBatch()
        drain(into: batch)
        try store.apply(batch)
    }

    /// Moves what was reported so far into `batch`, to be written with the rest of a
    /// scheduling pass in one transaction.
    package func drain(into batch: RunStoreBatch) {
        let taken = pending.withLock { pending in
            defer { pending = Pending() }
            return pending
        }
        batch.append(runID, metrics: taken.metrics, events: taken.events, params: taken.params)
    }
}
