import Foundation
import SluiceArrow
@testable import SluiceEngine
@testable import SluiceJSON
@testable import SluicePipeline
@testable import SluicePlugins
@testable import SluiceStore
import SluiceSupport
import SluiceTestSupport

/// A project folder with a run store, and the test plugins loaded.
final class ExecutorProject {
    let folder: TemporaryFolder
    let store: any RunStore
    let objects: any ObjectStore
    let catalog: PluginCatalog

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteRunStore(path: folder.file(".sluice/sluice.db"))
        objects = try LocalObjectStore(directory: folder.file(".sluice/objects"))
        let products = TestEnvironment.productsDirectory
        catalog = PluginCatalog.discover(PluginSearchPath([]), files: [
            (products + "/libSluiceTestPlugin.so", "test"), (products + "/libSluicePluginHelloC.so", "test"),
        ])
    }

    deinit { folder.remove() }

    func stage(
        _ name: String, _ uses: String, needs: [String] = [], inputs: [String: PortReference] = [:], with config: JSONValue = .object([:]),
        approval: Approval = .none, timeout: Double? = nil, retries: Int = 0, cache: Bool = true, deps: [String] = [],
        compression: ArrowIPCCompression? = nil
    ) throws -> PipelineStage {
        let (plugin, info) = try catalog.stage(uses)
        return PipelineStage(
            name: name, uses: uses, plugin: plugin, info: info, dependencies: needs, inputs: inputs,
            config: ConfigSchema(info.configSchema).applyingDefaults(to: config), approval: approval, timeout: timeout,
            retries: retries, location: SourceLocation(file: "sluice.yaml", line: 1, column: 1), cache: cache, deps: deps, compression: compression
        )
    }

    func pipeline(_ stages: [PipelineStage], params: [String: JSONValue] = [:]) -> Pipeline {
        Pipeline(file: "sluice.yaml", digest: "sha256:test", version: 1, name: "test", params: params, stages: stages)
    }

    func executor(_ pipeline: Pipeline, jobs: Int = 2, targets: [String] = [], cancellation: CancellationToken = CancellationToken(),
                  force: Bool = false, forceStages: Set<String> = []) -> PipelineExecutor {
        PipelineExecutor(pipeline: pipeline, store: store, objects: objects, options: ExecutionOptions(
            jobs: jobs, targets: targets, projectDirectory: folder.path, cancellation: cancellation, stopGrace: 1,
            force: force, forceStages: forceStages
        ))
    }
}

/// A stage config for sluice.testkit/echo.
func echo(_ message: String, metrics: [String: Double] = [:]) -> JSONValue {
    .object(["message": .string(message), "metrics": .object(metrics.mapValues(JSONValue.number))])
}
