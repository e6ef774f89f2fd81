import ArgumentParser
import Foundation
import SluiceEngine
import SluicePlugins
import SluiceSupport

extension PluginsCommand {
    /// `sluice plugins check PATH|ID`: the conformance kit. Each check runs in a worker
    /// (this executable again, with the hidden --child options), so that a plugin that
    /// crashes fails a check instead of the checker.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check that a plugin keeps the protocol: a pass/fail table, non-zero exit on failure.",
            discussion: """
                Checks, each in a worker process of its own: descriptor (the plugin loads; its entry point \
                keeps its rules), and per stage schema, create-destroy (\(CheckSettings().cycles) cycles, leaks \
                reported), examples, cancellation (within \(StageTask.seconds(ExampleRunner.seconds(CheckSettings().grace)))), \
                outputs (declared = written), error-messages, and model-threads (concurrent predictions of a \
                model an example trains). Checks that do not apply are shown as skipped. Exits 0 when nothing \
                failed, \(ExitStatus.stageFailed.rawValue) when a check failed.
                """
        )

        @OptionGroup var options: PluginOptions
        @Flag(help: "Print machine-readable JSON.") var json = false
        @Option(help: "Seconds one check may take before its worker is stopped and the check fails.") var timeout: Double = 120
        @Argument(help: "The plugin: the path of its library, or its id on the search path.") var plugin: String

        // A conformance worker's options: the checker passes them, people never do.
        @Option(help: .hidden) var child: String?
        @Option(help: .hidden) var stage: String?
        @Option(help: .hidden) var result: String?

        func run() throws {
            try reportingErrors {
                if let child {
                    try runWorker(child)
                } else {
                    try runChecks()
                }
            }
        }

        /// Whether the argument names a library file rather than a plugin id.
        private var isPath: Bool {
            plugin.contains("/") || plugin.hasSuffix(DynamicLibrary.suffix) || FileManager.default.fileExists(atPath: plugin)
        }

        private func runChecks() throws {
            guard let executable = WorkerSettings.findExecutable() else {
                throw SluiceError(.conformanceWorker, "cannot find the sluice executable to run the checks' workers in; set SLUICE_WORKER_EXECUTABLE to its path")
            }
            guard timeout > 0, timeout <= 86_400 else {
                throw SluiceError(.cliBadInput, at: "--timeout \(timeout)", "give a number of seconds above 0 and at most 86400 (a day)")
            }
            let target = isPath ? URL(fileURLWithPath: plugin).standardizedFileURL.path : plugin
            var search = ["--project", options.project]
            for folder in options.pluginPaths { search += ["--plugin-path", folder] }
            let runner = ConformanceRunner(executable: executable, timeout: .milliseconds(Int64(timeout * 1000)), target: target, searchArguments: search)
            let (subject, results) = try runner.run()
            let report = ConformanceReport(target: target, subject: subject, results: results)
            if json {
                print(report.json.prettyText)
            } else {
                print(formatTable(report.rows))
                print(report.summary)
            }
            if !report.passed { throw ExitCode(ExitStatus.stageFailed.rawValue) }
        }

        /// In a worker: loads the plugin, runs the one check, writes its result file.
        private func runWorker(_ name: String) throws {
            guard let check = ConformanceCheck(rawValue: name) else {
                throw SluiceError(.conformanceBadRequest, at: "--child \(name)", "unknown check; the checks: \(ConformanceCheck.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let result else {
                throw SluiceError(.conformanceBadRequest, at: "--child \(name)", "a conformance worker needs --result FILE")
            }
            let loaded: PluginInfo
            if isPath {
                do {
                    loaded = try PluginLoader.load(URL(fileURLWithPath: plugin).standardizedFileURL.path, origin: "check")
                } catch {
                    guard check == .descriptor else { throw error }
                    try ConformanceWorker.write(result: DescriptorCheck.failure(error), to: result)
                    return
                }
            } else {
                let catalog = options.catalog()
                guard let found = catalog.plugin(plugin) else {
                    let problems = catalog.problems.isEmpty ? "" : " \(catalog.problems.count) plugin file(s) did not load, e.g. \(catalog.problems[0].description)"
                    let looked = catalog.searched.map { "\($0.path) (\($0.origin))" }.joined(separator: ", ")
                    let error = SluiceError(.pluginUnknown, at: plugin, "no plugin '\(plugin)' was found. Found: \(catalog.ids.isEmpty ? "none" : catalog.ids.joined(separator: ", ")). Looked in: \(looked).\(problems) Give the library's path to check a plugin that does not load")
                    try ConformanceWorker.write(error, to: result)
                    return
                }
                loaded = found
            }
            if try ConformanceWorker.run(check, plugin: loaded, stageID: stage, resultPath: result) {
                // A stage that ignored cancellation still runs on another thread: end
                // without exit handlers (the plugin's deinit among them) racing it.
                _exit(0)
            }
        }
    }
}
