import Foundation
@testable import SluiceArrow
@testable import SluiceEngine
@testable import SluiceJSON
@testable import SluicePipeline
@testable import SluicePlugins
@testable import SluiceStore
@testable import SluiceSupport
import SluiceTestSupport
import Synchronization
import Testing

/// Runs the stages of sluice.gates through the host, as a pipeline would: the gates
/// plugin and the test plugin (whose test models have the model capability) are
/// loaded from the build folder, each stage is created and run through the C
/// protocol, and models are loaded through "sluice.models/1" by the host's loader.
enum Gates {
    /// The gates, test and CSV plugins, loaded once.
    static let catalog = PluginCatalog.discover(PluginSearchPath([]), files: [
        (TestEnvironment.productsDirectory + "/libSluicePluginGates.so", "test"),
        (TestEnvironment.productsDirectory + "/libSluiceTestPlugin.so", "test"),
        (TestEnvironment.productsDirectory + "/libSluicePluginCSV.so", "test"),
    ])

    /// Runs `sluice.gates/STAGE` once with `config` (JSON text), the model artifact
    /// `model` (JSON text, with its media type) and the `test` table. Model references
    /// (the champion) are files relative to `directory`.
    static func run(_ stage: String, _ config: String = "{}", model: TestModel, test: ArrowTable,
                    directory: String = NSTemporaryDirectory()) throws -> GateRun {
        try run(stage, config, inputs: ["model": model.portValue, "test": .table(test)], directory: directory)
    }

    static func run(_ stage: String, _ config: String = "{}", inputs: [String: PortValue], directory: String = NSTemporaryDirectory()) throws -> GateRun {
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        let (plugin, info) = try catalog.stage("sluice.gates/" + stage)
        let recorder = Recorder()
        let artifacts = MemoryArtifactStore()
        let context = StageContext(
            runID: "run-1", stageName: stage, workDirectory: NSTemporaryDirectory(), events: { recorder.record($0) },
            artifacts: artifacts, models: ModelLoader(catalog: catalog, sources: [FileModelSource(directory: directory)]))
        let live: LiveStage
        do {
            live = try LiveStage(plugin: plugin, stage: info, config: ConfigSchema(info.configSchema).applyingDefaults(to: try JSONValue.parse(config)), context: context)
        } catch let error as SluiceError {
            return GateRun(outputs: [:], events: recorder.events, artifacts: [:], error: error)
        }
        do {
            let outputs = try live.run(inputs: inputs)
            return GateRun(outputs: outputs, events: recorder.events, artifacts: live.artifacts.compactMapValues { try? artifacts.read(digest: $0) }, error: nil)
        } catch {
            return GateRun(outputs: [:], events: recorder.events, artifacts: live.artifacts.compactMapValues { try? artifacts.read(digest: $0) }, error: error)
        }
    }
}

/// Collects the events a stage reports through the host table.
final class Recorder: Sendable {
    private let store = Mutex<[StageEvent]>([])
    var events: [StageEvent] { store.withLock { $0 } }
    func record(_ event: StageEvent) { store.withLock { $0.append(event) } }
}

/// What one stage run produced, whether it passed or failed.
struct GateRun {
    let outputs: [String: PortValue]
    let events: [StageEvent]
    /// Artifacts by the name the stage gave them.
    let artifacts: [String: ByteBuffer]
    /// The stage's failure, through the host.
    let error: SluiceError?

    var passed: Bool { error == nil }

    /// The report: the `report` port when the stage succeeded, else the artifact it
    /// stored before failing.
    func report(_ artifact: String) throws -> JSONValue {
        if let bytes = outputs["report"]?.bytes {
            #expect(outputs["report"]?.mediaType == "application/json")
            return try JSONValue.parse(bytes.data)
        }
        guard let bytes = artifacts[artifact] else { throw TestSetupError("no report and no artifact '\(artifact)'; stored: \(artifacts.keys.sorted()); error: \(String(describing: error))") }
        return try JSONValue.parse(bytes.data)
    }

    func logs(_ level: LogLevel) -> [String] {
        events.compactMap { if case .log(level, let text) = $0 { text } else { nil } }
    }

    /// The metrics recorded, by name.
    var metrics: [String: Double] {
        Dictionary(events.compactMap { if case .metric(let name, let value, _) = $0 { (name, value) } else { nil } }, uniquingKeysWith: { $1 })
    }

    /// The params recorded, by name, as JSON.
    var params: [String: JSONValue] {
        Dictionary(events.compactMap { event -> (String, JSONValue)? in
            guard case .param(let name, let json) = event, let value = try? JSONValue.parse(json) else { return nil }
            return (name, value)
        }, uniquingKeysWith: { $1 })
    }

    /// The failure's message, or "" when the stage passed.
    var message: String { error?.message ?? "" }
}
