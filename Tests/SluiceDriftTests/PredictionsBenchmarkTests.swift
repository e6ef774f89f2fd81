import Foundation
@testable import SluiceEngine
@testable import SluiceJSON
@testable import SluicePipeline
@testable import SluicePlugins
@testable import SluiceStore
import SluiceTestSupport
import Testing

/// How long `predictions` takes on 100,000 logged rows. Run by hand against a release
/// build of the plugin (a debug build says little about speed):
///
///     swift build -c release --product SluicePluginDrift
///     SLUICE_BENCH_DRIFT_PLUGIN=$PWD/.build/release/libSluicePluginDrift.so \
///         swift test --filter PredictionsBenchmarkTests
///
/// The time printed is the stage's own (reading the files and building the tables),
/// as it logs it at debug level; the test host's conversions are not counted.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SLUICE_BENCH_DRIFT_PLUGIN"] != nil))
struct PredictionsBenchmarkTests {
    static let catalog = PluginCatalog.discover(PluginSearchPath([]), files: [
        (ProcessInfo.processInfo.environment["SLUICE_BENCH_DRIFT_PLUGIN"] ?? "", "bench"),
    ])

    @Test(arguments: [1, 100])
    func load100kRows(rowsPerRequest: Int) throws {
        let log = try PredictionLogFixture()
        defer { log.remove() }
        var lines: [String] = []
        let requests = 100_000 / rowsPerRequest
        let start = Date().addingTimeInterval(-3600)
        for request in 0..<requests {
            func numbers(_ seed: Int) -> [LogCell] { (0..<rowsPerRequest).map { .number(Double((request * 31 + $0 * 7 + seed) % 1000) / 7) } }
            lines.append(PredictionLogFixture.line(
                time: start.addingTimeInterval(Double(request) * 0.01), requestID: "req-\(request)",
                inputs: ["sqft": numbers(1), "rooms": numbers(2), "age": numbers(3), "city": (0..<rowsPerRequest).map { .text(["Oslo", "Lima", "Pune"][($0 + request) % 3]) }],
                outputs: ["prediction": numbers(4)]))
        }
        try log.write(file: "predictions-20260101T000000Z-0001.jsonl", Array(lines[..<(requests / 2)]))
        try log.write(file: "predictions-20260101T010000Z-0002.jsonl", Array(lines[(requests / 2)...]))

        let (plugin, info) = try Self.catalog.stage("sluice.drift/predictions")
        let events = EventLog()
        let context = StageContext(runID: "bench", stageName: "predictions", workDirectory: NSTemporaryDirectory(),
                                  events: { events.record($0) }, artifacts: MemoryArtifactStore())
        let config = try JSONValue.parse(#"{"model": "house", "directory": "\#(log.directory)"}"#)
        let clock = ContinuousClock()
        var outputs: [String: PortValue] = [:]
        let total = try clock.measure {
            let live = try LiveStage(plugin: plugin, stage: info, config: ConfigSchema(info.configSchema).applyingDefaults(to: config), context: context)
            outputs = try live.run(inputs: [:])
        }
        guard case .table(let features)? = outputs["features"] else { Issue.record("no features"); return }
        #expect(features.rowCount == 100_000)
        let own = events.events.compactMap { if case .log(.debug, let text) = $0, text.hasPrefix("read and built") { text } else { nil } }
        print("predictions, 100,000 rows in \(requests) requests: \(own.first ?? "?"); with the test host's conversions \(total)")
    }
}
