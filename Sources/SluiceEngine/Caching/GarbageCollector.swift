import Foundation
import SluiceRegistry
import SluiceStore
import SluiceSupport

/// Frees disk space: forgets old runs (when asked to) and deletes every stored
/// object that no remaining run refers to, plus temporary files a crash left behind.
package struct GarbageCollector {
    package struct Report: Sendable, Equatable {
        package var deletedRuns: [String] = []
        package var deletedObjects = 0
        package var freedBytes: Int64 = 0
    }

    package let store: any RunStore
    package let objects: any ObjectStore

    package init(store: any RunStore, objects: any ObjectStore) {
        self.store = store
        self.objects = objects
    }

    /// Keeps the newest `keepLast` runs of each pipeline (all when nil); runs that are
    /// running or waiting for approval, and runs behind registered model versions, are
    /// always kept, as are registered models' artifacts. With `dryRun` nothing is deleted.
    package func collect(keepLast: Int?, dryRun: Bool) throws(SluiceError) -> Report {
        var report = Report()
        let registry = ModelRegistry(store: store)
        let registeredRuns = try registry.referencedRuns()
        if let keepLast {
            let runs = try store.runs(limit: Int.max)
            var seen: [String: Int] = [:]
            for run in runs {  // newest first
                seen[run.pipeline, default: 0] += 1
                if seen[run.pipeline]! > keepLast, run.status != .running, run.status != .awaitingApproval, !registeredRuns.contains(run.id) {
                    report.deletedRuns.append(run.id)
                }
            }
        }
        if !dryRun { try store.deleteRuns(report.deletedRuns) }
        var referenced = try store.referencedDigests()
        if dryRun, !report.deletedRuns.isEmpty {
            // What would remain referenced once those runs are gone.
            let kept = try store.runs(limit: Int.max).filter { !report.deletedRuns.contains($0.id) }
            referenced = []
            for run in kept { referenced.formUnion(try store.detail(run.id).artifacts.map(\.digest)) }
        }
        referenced.formUnion(try registry.referencedDigests())
        for digest in try objects.storedDigests() where !referenced.contains(digest) {
            report.deletedObjects += 1
            report.freedBytes += Int64((try? objects.size(of: digest)) ?? 0)
            if !dryRun { try? objects.delete(digest) }
        }
        // Temporary files older than an hour belong to no running write.
        report.freedBytes += objects.removeStaleTemporaries(olderThan: 3600, dryRun: dryRun)
        return report
    }
}
