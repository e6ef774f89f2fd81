import Foundation
@testable import SluiceEngine
@testable import SluiceJSON
@testable import SluicePipeline
@testable import SluiceStore
import SluiceTestSupport

/// A project folder with a run store and the gates, test and CSV plugins: for running
/// whole pipelines with the executor (load a CSV, train a test model, gate it), so
/// models cross ports, the object store and "sluice.models/1" as in a real run.
final class GatesProject {
    let folder: TemporaryFolder
    let store: any RunStore
    let objects: any ObjectStore
    let catalog = Gates.catalog

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteRunStore(path: folder.file(".sluice/sluice.db"))
        objects = try LocalObjectStore(directory: folder.file(".sluice/objects"))
        // y = 2x + 1 but for the last row; `group` splits the rows in two slices.
        try folder.write("houses.csv", """
            x,y,group
            1,3,a
            2,5,b
            3,7,a
            4,9,b
            5,12,a

            """)
    }

    deinit { folder.remove() }

    /// A pipeline stage using `uses` with `config` (JSON text), its inputs bound as `input: "stage.port"`.
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

    /// Load houses.csv, fit the line `slope * x + intercept`, then `gate` on it.
    func lineStages(slope: Double, intercept: Double, gate: (uses: String, config: String)) throws -> [PipelineStage] {
        [
            // The CSV loader reads paths as given; the CLI runs in the project folder.
            try stage("load", "sluice.csv/load", #"{"path":"\#(folder.file("houses.csv"))","target":"y"}"#),
            try stage("train", "sluice.testkit/fit_mean", #"{"feature":"x","slope":\#(slope),"intercept":\#(intercept)}"#, inputs: ["data": "load.data"]),
            try stage("evaluate", gate.uses, gate.config, inputs: ["model": "train.model", "test": "load.data"]),
        ]
    }

    func run(_ stages: [PipelineStage]) throws -> RunOutcome {
        // The catalog is the pipeline's: every plugin it could see may load models.
        let pipeline = Pipeline(file: "sluice.yaml", digest: "sha256:test", version: 1, name: "gates", params: [:], stages: stages, catalog: catalog)
        return try PipelineExecutor(pipeline: pipeline, store: store, objects: objects, options: ExecutionOptions(
            jobs: 2, targets: [], projectDirectory: folder.path, cancellation: CancellationToken(), stopGrace: 1, force: false, forceStages: []
        )).run()
    }

    /// The digest of output or artifact `name` of `stage` in run `runID`.
    func digest(_ runID: String, _ stage: String, _ name: String, role: ArtifactRecord.Role = .output) throws -> String {
        let detail = try store.detail(runID)
        guard let record = detail.artifacts.first(where: { $0.stage == stage && $0.name == name && $0.role == role }) else {
            throw TestSetupError("no \(role.rawValue) \(stage).\(name) in run \(runID)")
        }
        return record.digest
    }

    /// The last value of each metric of `stage` in run `runID`.
    func metrics(_ runID: String, _ stage: String) throws -> [String: Double] {
        Dictionary(try store.detail(runID).latestMetrics.filter { $0.stage == stage }.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
    }
}
