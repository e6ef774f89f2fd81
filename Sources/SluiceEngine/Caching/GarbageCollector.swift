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

    package let store: RunStore
    package let objects: ObjectStore

    package init(store: RunStore, objects: ObjectStore) {
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
        let fileManager = FileManager.default
        for prefix in (try? fileManager.contentsOfDirectory(atPath: objects.root)) ?? [] where prefix.count == 2 {
            let folder = objects.root + "/" + prefix
            for rest in (try? fileManager.contentsOfDirectory(atPath: folder)) ?? [] {
                let digest = "sha256:" + prefix + rest
                guard !referenced.contains(digest) else { continue }
                let path = folder + "/" + rest
                report.deletedObjects += 1
                report.freedBytes += ((try? fileManager.attributesOfItem(atPath: path))?[.size] as? Int64) ?? 0
                if !dryRun { try? fileManager.removeItem(atPath: path) }
            }
        }
        // Temporary files older than an hour belong to no running write.
        let temporary = objects.root + "/.tmp"
        for name in (try? fileManager.contentsOfDirectory(atPath: temporary)) ?? [] {
            let path = temporary + "/" + name
            let attributes = try? fileManager.attributesOfItem(atPath: path)
            guard let modified = attributes?[.modificationDate] as? Date, Date().timeIntervalSince(modified) > 3600 else { continue }
            report.freedBytes += (attributes?[.size] as? Int64) ?? 0
            if !dryRun { try? fileManager.removeItem(atPath: path) }
        }
        return report
    }
}
