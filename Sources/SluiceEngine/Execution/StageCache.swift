import Foundation
import SluiceStore
import SluiceSupport

/// Answers "has a stage with this fingerprint run before, and with which outputs?" for
/// one run, with as few reads of the run store as possible.
///
/// A rerun mostly asks about the fingerprints the previous run of the same pipeline
/// recorded, so those are read in one query when the run starts, each with its newest
/// execution across all runs (what `RunStore.cachedExecution` returns). Other
/// fingerprints are read one at a time. When this run records an execution of a
/// fingerprint, the store's answer for it changes once that write is applied, so the
/// prefetched answer is dropped then and the store asked again: answers are always
/// the ones the store would give at that moment.
package final class StageCache {
    private let store: any RunStore
    private let objects: any ObjectStore
    private var prefetched: [String: CachedExecution]
    /// Fingerprints this run recorded in writes not yet applied.
    private var recorded: Set<String> = []
    /// Objects seen on disk during this run: stages in a chain often share outputs.
    private var present: Set<String> = []

    package init(store: any RunStore, objects: any ObjectStore, pipeline: String, runID: String) throws(SluiceError) {
        self.store = store
        self.objects = objects
        prefetched = try store.cachedExecutionsOfPreviousRun(pipeline: pipeline, excluding: runID)
    }

    /// The newest successful execution with this fingerprint, or nil.
    package func execution(fingerprint: String) throws(SluiceError) -> CachedExecution? {
        if let known = prefetched[fingerprint] { return known }
        return try store.cachedExecution(fingerprint: fingerprint)
    }

    /// Whether every object is still in the object store (`sluice gc` or a person may
    /// have deleted some). One existence check per distinct object per run.
    package func objectsExist(_ digests: some Sequence<String>) -> Bool {
        for digest in digests where !present.contains(digest) {
            guard objects.contains(digest) else { return false }
            present.insert(digest)
        }
        return true
    }

    /// Notes that this run queued a successful (or cached) execution of `fingerprint`.
    package func willRecord(fingerprint: String) {
        recorded.insert(fingerprint)
    }

    /// Call after the queued writes were applied to the store.
    package func applied() {
        for fingerprint in recorded { prefetched[fingerprint] = nil }
        recorded = []
    }
}
