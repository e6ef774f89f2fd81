import Foundation
@testable import SluiceArrow
@testable import SluiceEngine
@testable import SluiceJSON
@testable import SluicePlugins
@testable import SluiceSupport
import SluiceTestSupport
import Synchronization

/// Runs `sluice.csv/load` through the host, as a pipeline would: the plugin library is
/// loaded from the build folder with the plugin catalog and called through the C protocol.
enum CSVLoader {
    /// The catalog with the CSV plugin. Before it loads, the plugin is told to cut files
    /// into chunks of 64 bytes (files of 128 bytes or more): every test then also checks
    /// that the parallel, chunked parse gives exactly what a single pass gives.
    static let catalog: PluginCatalog = {
        setenv("SLUICE_CSV_CHUNK_BYTES", "64", 1)
        return PluginCatalog.discover(PluginSearchPath([]), files: [(TestEnvironment.productsDirectory + "/libSluicePluginCSV.so", "test")])
    }()

    /// Collects what the stage reports.
    final class Events: Sendable {
        private let store = Mutex<[StageEvent]>([])
        var all: [StageEvent] { store.withLock { $0 } }
        func record(_ event: StageEvent) { store.withLock { $0.append(event) } }
        var metrics: [String: Double] {
            var result: [String: Double] = [:]
            for case .metric(let name, let value, _) in all { result[name] = value }
            return result
        }
    }

    /// Loads with `config` and returns the table on `data`.
    static func table(_ config: JSONValue, events: Events = Events()) throws -> ArrowTable {
        let (plugin, stage) = try catalog.stage("sluice.csv/load")
        let live = try LiveStage(plugin: plugin, stage: stage, config: config, context: StageContext(
            runID: "test", stageName: "load", workDirectory: NSTemporaryDirectory(), events: { events.record($0) }
        ))
        let outputs = try live.run(inputs: [:])
        guard case .table(let table)? = outputs["data"] else { throw TestSetupError("no table on 'data'") }
        return table
    }

    /// The message the stage fails with (create or run), or nil when it succeeds.
    static func failure(_ config: JSONValue) -> SluiceError? {
        do {
            _ = try table(config)
            return nil
        } catch let error as SluiceError {
            return error
        } catch {
            return SluiceError(SluiceError.Code("test.unexpected", kind: .failure), "\(error)")
        }
    }
}

/// A folder of small input files for one test.
final class InputFolder {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }
    deinit { folder.remove() }

    /// Writes `text` to `name` and returns its absolute path.
    func write(_ name: String, _ text: String) throws -> String {
        try folder.write(name, text)
        return folder.file(name)
    }

    /// Writes raw bytes to `name` and returns its absolute path.
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: URL(fileURLWithPath: folder.file(name)))
        return folder.file(name)
    }
}

/// A config for sluice.csv/load: `path` plus the given fields.
func load(_ path: String, _ fields: [String: JSONValue] = [:]) -> JSONValue {
    var object = fields
    object["path"] = .string(path)
    return .object(object)
}

extension ArrowTable {
    /// Column names in order.
    var names: [String] { schema.fields.map(\.name) }
    /// Column types in order, as text ("int64", "float64", ...).
    var types: [String] { schema.fields.map { "\($0.type)" } }
}
