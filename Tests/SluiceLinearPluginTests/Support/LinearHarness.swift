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

/// Runs sluice.linear through the host, as a pipeline would: the plugin is loaded from
/// the build folder with `PluginCatalog` (with sluice.csv and sluice.transforms for
/// whole pipelines), stages run through the C protocol, models load through `ModelLoader`.
enum Linear {
    static let catalog = PluginCatalog.discover(PluginSearchPath([]), files: [
        (TestEnvironment.productsDirectory + "/libSluicePluginLinear.so", "test"),
        (TestEnvironment.productsDirectory + "/libSluicePluginCSV.so", "test"),
        (TestEnvironment.productsDirectory + "/libSluicePluginTransforms.so", "test"),
    ])

    static let loader = ModelLoader(catalog: catalog)

    static let mediaType = "application/vnd.sluice.linear-model+json"

    /// Runs `sluice.linear/STAGE` once with `config` (JSON text) on `train`.
    static func train(_ stage: String, _ config: String = "{}", _ train: ArrowTable, scaler: String? = nil) throws -> StageRun {
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        let (plugin, info) = try catalog.stage("sluice.linear/" + stage)
        let recorder = Recorder()
        let context = StageContext(runID: "run-1", stageName: stage, workDirectory: NSTemporaryDirectory(),
                                  events: { recorder.record($0) }, models: loader)
        let live = try LiveStage(plugin: plugin, stage: info, config: ConfigSchema(info.configSchema).applyingDefaults(to: try JSONValue.parse(config)), context: context)
        var inputs: [String: PortValue] = ["train": .table(train)]
        if let scaler { inputs["scaler"] = .bytes(.from(scaler), mediaType: "application/json") }
        let outputs = try live.run(inputs: inputs)
        return StageRun(outputs: outputs, events: recorder.events)
    }

    /// The error `body` throws (a stage failure through the host), or nil after recording an issue.
    static func failure(_ body: () throws -> Any) -> SluiceError? {
        do {
            _ = try body()
            Issue.record("expected an error, but it succeeded")
            return nil
        } catch let error as SluiceError {
            return error
        } catch {
            Issue.record("expected a SluiceError, got \(error)")
            return nil
        }
    }
}

/// Collects the events a stage reports through the host table.
final class Recorder: Sendable {
    private let store = Mutex<[StageEvent]>([])
    var events: [StageEvent] { store.withLock { $0 } }
    func record(_ event: StageEvent) { store.withLock { $0.append(event) } }
}

/// What one stage run produced.
struct StageRun {
    let outputs: [String: PortValue]
    let events: [StageEvent]

    /// The model artifact's bytes.
    var modelBytes: ByteBuffer {
        get throws {
            guard case .bytes(let bytes, let type)? = outputs["model"] else { throw TestSetupError("no model output: \(outputs.keys)") }
            #expect(type == Linear.mediaType)
            return bytes
        }
    }

    /// The model artifact as JSON.
    var artifact: JSONValue { get throws { try JSONValue.parse(try modelBytes.data) } }

    /// The model, loaded back through the model capability.
    var model: LoadedModel { get throws { try Linear.loader.load(try modelBytes.pointer, mediaType: Linear.mediaType, what: "model") } }

    func logs(_ level: LogLevel) -> [String] {
        events.compactMap { if case .log(level, let text) = $0 { text } else { nil } }
    }

    var metrics: [String: Double] {
        Dictionary(events.compactMap { if case .metric(let name, let value, _) = $0 { (name, value) } else { nil } }, uniquingKeysWith: { $1 })
    }
}

extension ArrowTable {
    var columnNames: [String] { schema.fields.map(\.name) }

    func doubles(_ name: String) -> [Double]? {
        if case .float64(let values)? = values(name) { return values.map { $0 ?? .nan } }
        return nil
    }

    func strings(_ name: String) -> [String?]? {
        switch values(name) {
        case .utf8(let values)?: values
        case .dictionary(let values, _)?: values
        default: nil
        }
    }
}

/// The largest |a - b| / max(1, |b|).
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
}
