import Foundation
import SluiceJSON
import SluicePlugins
import SluiceSupport

/// The worker's side of the conformance kit: one check of one stage (or the descriptor
/// check of the plugin) in this process, which the checker started for that alone. A
/// plugin that crashes here takes only this process down, and the checker reports the
/// check as failed with the signal.
package enum ConformanceWorker {
    /// Runs `check` and writes the report to `resultPath`. Returns whether the process
    /// must end at once (`_exit`): a stage that ignored cancellation is still running
    /// on another thread, and exit handlers would race it.
    package static func run(_ check: ConformanceCheck, plugin: PluginInfo, stageID: String?, resultPath: String, settings: CheckSettings = CheckSettings()) throws(SluiceError) -> Bool {
        var stuck = false
        let result: ConformanceResult
        if check == .descriptor {
            try write(ConformanceWorkerReport(result: DescriptorCheck.run(plugin), subject: ConformanceSubject(plugin)), to: resultPath)
            return false
        }
        guard let stageID, let stage = plugin.stage(stageID) else {
            throw SluiceError(.conformanceBadRequest, at: plugin.path, "the \(check.rawValue) check needs --stage with one of the plugin's stages: \(plugin.stages.map(\.id).joined(separator: ", "))")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-check-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { if !stuck { try? FileManager.default.removeItem(atPath: work) } }
        let runner = ExampleRunner(plugin: plugin, stage: stage, workDirectory: work)
        switch check {
        case .descriptor: result = DescriptorCheck.run(plugin) // answered above, with the subject; kept for exhaustiveness
        case .schema: result = SchemaCheck.run(stage)
        case .createDestroy: result = CreateDestroyCheck.run(plugin: plugin, stage: stage, settings: settings, workDirectory: work)
        case .examples: result = ExamplesCheck.run(runner)
        case .cancellation: (result, stuck) = CancellationCheck.run(runner, settings: settings)
        case .outputs: result = OutputsCheck.run(runner)
        case .errorMessages: result = ErrorMessagesCheck.run(runner)
        case .modelThreads: result = ModelThreadsCheck.run(runner, settings: settings)
        }
        try write(ConformanceWorkerReport(result: result), to: resultPath)
        return stuck
    }

    /// Writes a result found without running a check (the plugin did not load).
    package static func write(result: ConformanceResult, to resultPath: String) throws(SluiceError) {
        try write(ConformanceWorkerReport(result: result), to: resultPath)
    }

    /// Writes a request problem (no such plugin) for the checker to report.
    package static func write(_ error: SluiceError, to resultPath: String) throws(SluiceError) {
        try write(ConformanceWorkerReport(error: .init(code: error.code.id, location: error.location, message: error.message)), to: resultPath)
    }

    private static func write(_ report: ConformanceWorkerReport, to path: String) throws(SluiceError) {
        do {
            let text = try JSONValueEncoder().encode(report).canonicalText
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SluiceError(.conformanceWorker, at: path, "the conformance worker could not write its result: \(error.localizedDescription)")
        }
    }
}
