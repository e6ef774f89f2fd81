import Foundation
@testable import SluiceArrow
@testable import SluiceEngine
@testable import SluiceJSON
@testable import SluicePipeline
@testable import SluiceStore
import SluiceTestSupport

/// A project folder with a run store, running whole pipelines with the executor over
/// sluice.csv, sluice.transforms and sluice.linear.
final class LinearProject {
    let folder: TemporaryFolder
    let store: any RunStore
    let objects: any ObjectStore

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteRunStore(path: folder.file(".sluice/sluice.db"))
        objects = try LocalObjectStore(directory: folder.file(".sluice/objects"))
    }

    deinit { folder.remove() }

    /// A stage using `uses` with `config` (JSON text), inputs bound as `input: "stage.port"`.
    func stage(_ name: String, _ uses: String, _ config: String = "{}", inputs: [String: String] = [:]) throws -> PipelineStage {
        let (plugin, info) = try Linear.catalog.stage(uses)
        let references = inputs.mapValues { reference -> PortReference in
            let parts = reference.split(separator: ".", maxSplits: 1).map(String.init)
            return PortReference(stage: parts[0], port: parts[1])
        }
        return PipelineStage(
            name: name, uses: uses, plugin: plugin, info: info, dependencies: Array(Set(references.values.map(\.stage))).sorted(),
            inputs: references, config: ConfigSchema(info.configSchema).applyingDefaults(to: try JSONValue.parse(config)),
            approval: .none, timeout: nil, retries: 0, location: SourceLocation(file: "sluice.yaml", line: 1, column: 1), cache: true, deps: []
        )
    }

    func run(_ stages: [PipelineStage]) throws -> RunOutcome {
        let pipeline = Pipeline(file: "sluice.yaml", digest: "sha256:test", version: 1, name: "test", params: [:], stages: stages)
        return try PipelineExecutor(pipeline: pipeline, store: store, objects: objects, options: ExecutionOptions(
            jobs: 2, targets: [], projectDirectory: folder.path, cancellation: CancellationToken(), stopGrace: 1, force: false, forceStages: []
        )).run()
    }

    /// The stored output `port` of `stage` in run `runID`, with its digest.
    func output(_ runID: String, _ stage: String, _ port: String) throws -> (value: PortValue, digest: String) {
        let detail = try store.detail(runID)
        guard let stored = detail.artifacts.first(where: { $0.stage == stage && $0.name == port && $0.role == .output }) else {
            throw TestSetupError("no output \(stage).\(port) in run \(runID)")
        }
        guard let value = try objects.portValue(digest: stored.digest, mediaType: stored.mediaType) else {
            throw TestSetupError("object \(stored.digest) is missing")
        }
        return (value, stored.digest)
    }

    func table(_ runID: String, _ stage: String, _ port: String) throws -> ArrowTable {
        guard case .table(let table) = try output(runID, stage, port).value else { throw TestSetupError("\(stage).\(port) is not a table") }
        return table
    }
}
