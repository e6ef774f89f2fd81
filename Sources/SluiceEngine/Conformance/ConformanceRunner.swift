import Foundation
import SluiceJSON
import SluiceProcess
import SluiceSupport

/// The checker's side of the conformance kit: runs every check in a worker of its own
/// (`sluice plugins check --child CHECK ...`, a child process of the same executable),
/// so that a plugin that crashes, exits or hangs fails that check, named, and the
/// checker goes on with the next. It never loads the plugin itself.
package struct ConformanceRunner {
    /// The `sluice` executable the workers run (WorkerSettings.findExecutable()).
    package var executable: String
    /// How long one worker may take before it is stopped and its check fails.
    package var timeout: Duration
    /// The plugin: a library path, or an id found with `searchArguments`.
    package var target: String
    /// The options that find plugins by id (--project, --plugin-path), passed on.
    package var searchArguments: [String]

    package init(executable: String, timeout: Duration, target: String, searchArguments: [String]) {
        self.executable = executable
        self.timeout = timeout
        self.target = target
        self.searchArguments = searchArguments
    }

    /// Runs the checks, in the order they are reported. Throws when the plugin cannot be
    /// found by its id, or no worker can be started.
    package func run() throws(SluiceError) -> (subject: ConformanceSubject?, results: [ConformanceResult]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-check-\(UUID().uuidString)").path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SluiceError(.conformanceWorker, at: folder, "cannot make a folder for the workers' results: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let (descriptor, found) = try worker(.descriptor, stage: nil, plugin: target, search: searchArguments, folder: folder)
        // A plugin that does not load has nothing more to check.
        guard let subject = found else { return (nil, [descriptor]) }
        var results = [descriptor]
        for stage in subject.stages {
            for check in ConformanceCheck.perStage where check != .modelThreads || subject.modelCapability {
                let (result, _) = try worker(check, stage: stage, plugin: subject.path, search: [], folder: folder)
                results.append(result)
            }
        }
        if !subject.modelCapability {
            results.append(.skipped(.modelThreads, stage: nil, "the plugin has no model capability (sluice.predict/1)"))
        }
        return (subject, results)
    }

    /// Runs one check in a worker and reads its report; a worker that died, hung or
    /// wrote nothing gives a failed result saying so.
    private func worker(_ check: ConformanceCheck, stage: String?, plugin: String, search: [String], folder: String) throws(SluiceError) -> (ConformanceResult, ConformanceSubject?) {
        let resultPath = folder + "/\(check.rawValue)-\(stage ?? "plugin").json"
        var arguments = ["plugins", "check", "--child", check.rawValue, "--result", resultPath]
        if let stage { arguments += ["--stage", stage] }
        arguments += search + ["--", plugin]
        var environment = ProcessInfo.processInfo.environment
        // The checker says why a worker died; the Swift runtime's backtrace would only bury that.
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let process = Subprocess(executable, arguments: arguments, environment: environment,
                                 standardOutput: .discard, standardError: .capture(limit: 64 << 10), timeout: timeout, gracePeriod: .seconds(1))
        let ended: SubprocessResult
        do {
            ended = try process.run()
        } catch {
            throw SluiceError(.conformanceWorker, at: executable, "could not start a conformance worker: \(error.message)")
        }
        let report = (try? Data(contentsOf: URL(fileURLWithPath: resultPath))).flatMap { data in
            (try? JSONValue.parse(data)).flatMap { try? JSONValueDecoder().decode(ConformanceWorkerReport.self, from: $0) }
        }
        if let code = report?.errorCode {
            throw SluiceError(SluiceError.Code(code, kind: .usage), at: report?.errorLocation ?? plugin, report?.errorMessage ?? "the plugin could not be found")
        }
        let death = Self.death(ended)
        guard let result = report?.result else {
            let why = death ?? "the worker exited with status 0 before reporting its result (did the plugin call exit()?)"
            return (.failed(check, stage: stage, why + Self.lastWords(ended)), nil)
        }
        guard let death, ended.termination != .exited(0) else { return (result, report?.subject) }
        // The check finished, then the plugin crashed (in destroy, deinit, an exit handler).
        return (.failed(check, stage: stage, "\(result.detail); then \(death)" + Self.lastWords(ended)), report?.subject)
    }

    /// Why a worker's end is a failure, or nil when it exited 0.
    private static func death(_ ended: SubprocessResult) -> String? {
        switch ended.termination {
        case .exited(0): nil
        case .exited(let code): "the worker exited with status \(code) (did the plugin call exit()?)"
        case .signalled(let signal): "the worker was killed by \(WorkerDeath.name(of: signal))"
        case .timedOut: "the worker did not finish in time and was stopped (a stage that never returns?)"
        case .cancelled: "the worker was cancelled"
        }
    }

    /// The worker's last line on standard error (a panic, a Swift fatal error), if any.
    private static func lastWords(_ ended: SubprocessResult) -> String {
        let lines = ended.errorText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let line = lines.first(where: { $0.contains("Fatal error") }) ?? lines.last else { return "" }
        return "; it said: " + String(line.prefix(300))
    }
}
