import Foundation
@testable import SluiceArrow
@testable import SluiceEngine
@testable import SluiceJSON
@testable import SluicePlugins
@testable import SluiceStore
@testable import SluiceSupport
import SluiceTestSupport
import Synchronization
import Testing

/// Runs the stages of sluice.transforms through the host, as a pipeline would: the
/// plugin is loaded from the build folder with `PluginCatalog`, each stage is created
/// and run through the C protocol with `LiveStage`, and tables cross as Arrow C Data.
enum Transforms {
    /// The transforms plugin and the test plugin, loaded once.
    static let catalog = PluginCatalog.discover(PluginSearchPath([]), files: [
        (TestEnvironment.productsDirectory + "/libSluicePluginTransforms.so", "test"),
        (TestEnvironment.productsDirectory + "/libSluiceTestPlugin.so", "test"),
    ])

    /// Runs `sluice.transforms/STAGE` once with `config` (JSON text) and table inputs.
    static func run(_ stage: String, _ config: String = "{}", _ inputs: [String: ArrowTable]) throws -> StageRun {
        try run(stage, config, inputs: inputs.mapValues { PortValue.table($0) })
    }

    static func run(_ stage: String, _ config: String = "{}", inputs: [String: PortValue]) throws -> StageRun {
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        let (plugin, info) = try catalog.stage("sluice.transforms/" + stage)
        let recorder = Recorder()
        let artifacts = MemoryArtifactStore()
        let context = StageContext(runID: "run-1", stageName: stage, workDirectory: NSTemporaryDirectory(),
                                  events: { recorder.record($0) }, artifacts: artifacts)
        let live = try LiveStage(plugin: plugin, stage: info, config: try JSONValue.parse(config), context: context)
        let outputs = try live.run(inputs: inputs)
        return StageRun(outputs: outputs, events: recorder.events, artifacts: live.artifacts.compactMapValues { try? artifacts.read(digest: $0) })
    }

    /// The message of the error `body` throws (a stage failure through the host).
    static func failure(_ body: () throws -> Any) -> SluiceError? {
        do {
            _ = try body()
            Issue.record("expected an error, but the stage succeeded")
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
    /// Artifacts by the name the stage gave them.
    let artifacts: [String: ByteBuffer]

    /// The table on an output port.
    func table(_ port: String) throws -> ArrowTable {
        guard case .table(let table)? = outputs[port] else {
            throw TestSetupError("output '\(port)' is not a table: \(outputs[port].map { $0.mediaType } ?? "missing")")
        }
        return table
    }

    /// The JSON on a report port, parsed.
    func report(_ port: String) throws -> JSONValue {
        guard let bytes = outputs[port]?.bytes else { throw TestSetupError("output '\(port)' holds no bytes") }
        // Reports are JSON; a fitted transform's has its own type, e.g. application/vnd.sluice.standardize+json.
        #expect(outputs[port]?.mediaType.hasSuffix("json") == true)
        return try JSONValue.parse(bytes.data)
    }

    /// The artifact the stage stored under `name`, parsed as JSON.
    func artifact(_ name: String) throws -> JSONValue {
        guard let bytes = artifacts[name] else { throw TestSetupError("no artifact '\(name)'; stored: \(artifacts.keys.sorted())") }
        return try JSONValue.parse(bytes.data)
    }

    /// The log lines at `level`.
    func logs(_ level: LogLevel) -> [String] {
        events.compactMap { if case .log(level, let text) = $0 { text } else { nil } }
    }

    /// The metrics recorded, by name.
    var metrics: [String: Double] {
        Dictionary(events.compactMap { if case .metric(let name, let value, _) = $0 { (name, value) } else { nil } }, uniquingKeysWith: { $1 })
    }
}

extension ArrowTable {
    /// The column names, in order.
    var columnNames: [String] { schema.fields.map(\.name) }

    /// A float64 column's values.
    func doubles(_ name: String) -> [Double?]? {
        if case .float64(let values)? = values(name) { return values }
        return nil
    }

    /// A string or categorical column's values.
    func strings(_ name: String) -> [String?]? {
        switch values(name) {
        case .utf8(let values)?: values
        case .dictionary(let values, _)?: values
        default: nil
        }
    }
}

/// Whether `a` and `b` are equal to within `tolerance`, nulls matching nulls.
func close(_ a: [Double?]?, _ b: [Double?], tolerance: Double = 1e-12) -> Bool {
    guard let a, a.count == b.count else { return false }
    return zip(a, b).allSatisfy { x, y in
        switch (x, y) {
        case (nil, nil): true
        case let (x?, y?): abs(x - y) <= tolerance * max(1, abs(y))
        default: false
        }
    }
}
