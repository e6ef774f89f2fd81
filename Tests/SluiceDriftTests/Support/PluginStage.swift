import Foundation
@testable import SluiceArrow
@testable import SluiceEngine
@testable import SluiceJSON
@testable import SluicePipeline
@testable import SluicePlugins
@testable import SluiceStore
@testable import SluiceSupport
import SluiceTestSupport
import Testing

/// Runs any stage of `sluice.drift` through the host, as `Drift` runs `drift`: loaded
/// from the build folder, created and run through the C protocol, tables crossing as
/// Arrow C Data.
enum PluginStage {
    static func run(_ stage: String, _ config: String, inputs: [String: PortValue] = [:]) throws -> DriftRun {
        let (result, events) = try attempt(stage, config, inputs: inputs)
        return DriftRun(outputs: try result.get(), events: events)
    }

    /// The stage's failure and what it logged first; records an issue when it succeeds.
    static func failure(_ stage: String, _ config: String, inputs: [String: PortValue] = [:]) throws -> DriftFailure? {
        let (result, events) = try attempt(stage, config, inputs: inputs)
        guard case .failure(let error) = result else {
            Issue.record("expected \(stage) to fail, but it succeeded")
            return nil
        }
        return DriftFailure(error: error, run: DriftRun(outputs: [:], events: events))
    }

    /// The stage's description as the host loaded it.
    static func info(_ stage: String) throws -> StageInfo {
        try Drift.catalog.stage("sluice.drift/\(stage)").1
    }

    /// The stage run once with `config`, its schema's defaults filled in as the pipeline
    /// loader does, and the events it logged.
    static func attempt(_ stage: String, _ config: String, inputs: [String: PortValue]) throws -> (Result<[String: PortValue], SluiceError>, [StageEvent]) {
        #expect(Drift.catalog.problems.isEmpty, "\(Drift.catalog.problems)")
        let (plugin, info) = try Drift.catalog.stage("sluice.drift/\(stage)")
        let schema = ConfigSchema(info.configSchema)
        let parsed = try JSONValue.parse(config)
        let violations = schema.validate(parsed)
        guard violations.isEmpty else {
            return (.failure(SluiceError(SluiceError.Code("config.invalid", kind: .config), at: "test", violations.map(\.description).joined(separator: "; "))), [])
        }
        let events = EventLog()
        let context = StageContext(runID: "run-1", stageName: stage, workDirectory: NSTemporaryDirectory(),
                                  events: { events.record($0) }, artifacts: MemoryArtifactStore())
        let result: Result<[String: PortValue], SluiceError>
        do {
            let live = try LiveStage(plugin: plugin, stage: info, config: schema.applyingDefaults(to: parsed), context: context)
            result = .success(try live.run(inputs: inputs))
        } catch {
            result = .failure(error)
        }
        return (result, events.events)
    }
}

extension DriftRun {
    /// The table on output `port`.
    func table(_ port: String) throws -> ArrowTable {
        guard case .table(let table)? = outputs[port] else { throw TestSetupError("no table on output '\(port)'") }
        return table
    }
}
