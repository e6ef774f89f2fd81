import Foundation
import SluiceEngine
import SluiceMonitoring
import SluicePipeline
import SluiceStore
import Synchronization

/// Hosts a monitor as `sluice monitor` does, without its display: pipelines run on the
/// real executor against the project's stores, and what the monitor reports is kept in
/// the order it came, for tests to read.
final class PlainHost: MonitorHost, Sendable {
    /// One thing the monitor did or told its host.
    enum Heard: Equatable {
        case ran(MonitorRunPurpose, file: String, stages: [String], overrides: [String])
        case found(run: String)
        case performed(String)
    }

    let store: any RunStore
    let objects: any ObjectStore
    private let log = Mutex<[Heard]>([])

    init(store: any RunStore, objects: any ObjectStore) {
        self.store = store
        self.objects = objects
    }

    var heard: [Heard] { log.withLock { $0 } }

    func run(_ pipeline: Pipeline, at location: PipelineLocation, options: ExecutionOptions, for purpose: MonitorRunPurpose) throws -> RunOutcome {
        log.withLock { $0.append(.ran(purpose, file: location.relativePath, stages: options.targets, overrides: options.overrides)) }
        return try PipelineExecutor(pipeline: pipeline, store: store, objects: objects, options: options).run()
    }

    func found(_ findings: DriftFindings) {
        log.withLock { $0.append(.found(run: findings.runID)) }
    }

    func performed(_ result: DriftActionResult) {
        log.withLock { $0.append(.performed(result.name)) }
    }
}
