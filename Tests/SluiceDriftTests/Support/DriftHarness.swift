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

/// Runs `sluice.drift/drift` through the host as a pipeline would: the plugin is loaded
/// from the build folder with `PluginCatalog`, created and run through the C protocol
/// with `LiveStage`, and the tables cross as Arrow C Data.
enum Drift {
    static let catalog = PluginCatalog.discover(PluginSearchPath([]), files: [
        (TestEnvironment.productsDirectory + "/libSluicePluginDrift.so", "test"),
    ])

    /// Runs the stage once with `config` (JSON text); the schema's defaults are filled in
    /// first, as the pipeline loader does. Throws the stage's failure.
    static func run(_ config: String = "{}", reference: ArrowTable, current: ArrowTable) throws -> DriftRun {
        let (result, events) = try attempt(config, reference: reference, current: current)
        return DriftRun(outputs: try result.get(), events: events)
    }

    /// The stage's failure (through the host) and the events it logged before failing.
    static func failure(_ config: String = "{}", reference: ArrowTable, current: ArrowTable) throws -> DriftFailure? {
        let (result, events) = try attempt(config, reference: reference, current: current)
        guard case .failure(let error) = result else {
            Issue.record("expected the stage to fail, but it succeeded")
            return nil
        }
        return DriftFailure(error: error, run: DriftRun(outputs: [:], events: events))
    }

    private static func attempt(_ config: String, reference: ArrowTable, current: ArrowTable) throws -> (Result<[String: PortValue], SluiceError>, [StageEvent]) {
        try PluginStage.attempt("drift", config, inputs: ["reference": .table(reference), "current": .table(current)])
    }
}

/// A failed stage run: the error the host reports, and what the stage logged first.
struct DriftFailure {
    let error: SluiceError
    let run: DriftRun
}

/// Collects the events a stage reports through the host table.
final class EventLog: Sendable {
    private let store = Mutex<[StageEvent]>([])
    var events: [StageEvent] { store.withLock { $0 } }
    func record(_ event: StageEvent) { store.withLock { $0.append(event) } }
}

/// What one stage run produced.
struct DriftRun {
    let outputs: [String: PortValue]
    let events: [StageEvent]

    /// The report, parsed.
    func report() throws -> JSONValue {
        guard let bytes = outputs["report"]?.bytes else { throw TestSetupError("no report output") }
        #expect(outputs["report"]?.mediaType == "application/json")
        return try JSONValue.parse(bytes.data)
    }

    var metrics: [String: Double] {
        Dictionary(events.compactMap { if case .metric(let name, let value, _) = $0 { (name, value) } else { nil } }, uniquingKeysWith: { $1 })
    }

    func logs(_ level: LogLevel) -> [String] {
        events.compactMap { if case .log(level, let text) = $0 { text } else { nil } }
    }
}

/// A one-batch table of nullable columns, in the order given.
func table(_ columns: [(String, ArrowValues)]) throws -> ArrowTable {
    try ArrowTable(schema: ArrowTableSchema(columns.map { ArrowField($0.0, $0.1.type) }), batches: [ArrowRecordBatch(columns.map(\.1))])
}

extension JSONValue {
    /// The value at a path of keys and array indexes, e.g. `report["features", 0, "status"]`.
    subscript(_ path: Any...) -> JSONValue? {
        var value: JSONValue? = self
        for step in path {
            switch (value, step) {
            case (.object(let members)?, let key as String): value = members[key]
            case (.array(let items)?, let index as Int): value = index < items.count ? items[index] : nil
            default: return nil
            }
        }
        return value
    }
}
