import Foundation
import SluiceJSON
import SluicePipeline
import SluicePlugins
import SluiceSupport

/// `create-destroy`: instances made and released over and over, as the host does (one
/// per pipeline stage, per retry, per server reload), through the host's own path
/// (`LiveStage`). After a warm-up, `cycles` more must not keep memory: this process's
/// resident memory (/proc/self/statm) is read before and after, and growth
/// past the threshold of `CheckSettings` is reported as a leak, per instance.
package enum CreateDestroyCheck {
    package static func run(plugin: PluginInfo, stage: StageInfo, settings: CheckSettings, workDirectory: String) -> ConformanceResult {
        guard let (config, origin) = config(for: stage) else {
            return .skipped(.createDestroy, stage: stage.id, "no example expecting ok, and {} does not meet the config schema: no config to create the stage with")
        }
        let context = StageContext(runID: "conformance", stageName: stage.id, workDirectory: workDirectory)
        func cycle(_ count: Int) -> SluiceError? {
            for _ in 0..<count {
                do {
                    _ = try LiveStage(plugin: plugin, stage: stage, config: config, context: context)
                } catch {
                    return error
                }
            }
            return nil
        }
        if let error = cycle(settings.warmUp) {
            return .failed(.createDestroy, stage: stage.id, "create failed with \(origin): \(error.message)")
        }
        guard let before = MemoryGauge.resident() else {
            return .skipped(.createDestroy, stage: stage.id, "cannot read resident memory (/proc/self/statm) to see leaks")
        }
        if let error = cycle(settings.cycles) {
            return .failed(.createDestroy, stage: stage.id, "create failed with \(origin) after succeeding before: \(error.message)")
        }
        let growth = (MemoryGauge.resident() ?? before) - before
        let measured = "\(settings.cycles) cycles after \(settings.warmUp) warm-up: resident memory \(signed(growth))"
        if growth > settings.residentLeakBytes {
            let kept = growth / settings.cycles
            return .failed(.createDestroy, stage: stage.id, "leaks about \(ByteCount.text(kept)) per create/destroy (\(measured)); destroy must free what create allocated")
        }
        return .passed(.createDestroy, stage: stage.id, measured)
    }

    /// The config to create with: the first example's that expects ok, else {} when the
    /// schema takes it.
    private static func config(for stage: StageInfo) -> (JSONValue, String)? {
        if let example = stage.examples.first(where: { $0.expect.status == "ok" }) {
            return (example.config, "the config of example '\(example.name)'")
        }
        let empty = JSONValue.object(JSONObject())
        return ConfigSchema(stage.configSchema).validate(empty).isEmpty ? (empty, "the config {}") : nil
    }

    private static func signed(_ bytes: Int) -> String {
        bytes < 0 ? "-" + ByteCount.text(-bytes) : "+" + ByteCount.text(bytes)
    }
}
