import Foundation
@testable import SluiceArrow
@testable import SluiceEngine
@testable import SluiceJSON
@testable import SluicePipeline
@testable import SluiceStore
import SluiceTestSupport

/// A project folder with a run store, and the transforms and test plugins loaded:
/// for running whole pipelines with the executor (after SluiceCoreTests' ExecutorProject).
final class TransformsProject {
    let folder: TemporaryFolder
    let store: any RunStore
    let objects: any ObjectStore
    let catalog = Transforms.catalog

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteRunStore(path: folder.file(".sluice/sluice.db"))
        objects = try LocalObjectStore(directory: folder.file(".sluice/objects"))
    }

    deinit { folder.remove() }

    /// A pipeline stage using `uses` with `config` (JSON text), its inputs bound as `input: stage.port`.
    func stage(_ name: String, _ uses: String, _ config: String = "{}", inputs: [String: String] = [:]) throws -> PipelineStage {
        let (plugin, info) = try catalog.stage(uses)
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

    /// The output `name` of `stage` in run `runID` (a port, or with `role: .artifact`
    /// an artifact the stage stored), read back from the object store.
    func output(_ runID: String, _ stage: String, _ name: String, role: ArtifactRecord.Role = .output) throws -> PortValue {
        let detail = try store.detail(runID)
        guard let stored = detail.artifacts.first(where: { $0.stage == stage && $0.name == name && $0.role == role }) else {
            throw TestSetupError("no \(role.rawValue) \(stage).\(name) in run \(runID): \(detail.artifacts.map { "\($0.stage).\($0.name) (\($0.role.rawValue))" })")
        }
        guard let value = try objects.portValue(digest: stored.digest, mediaType: stored.mediaType) else {
            throw TestSetupError("object \(stored.digest) is missing")
        }
        return value
    }

    func table(_ runID: String, _ stage: String, _ port: String) throws -> ArrowTable {
        guard case .table(let table) = try output(runID, stage, port) else { throw TestSetupError("\(stage).\(port) is not a table") }
        return table
    }
}
