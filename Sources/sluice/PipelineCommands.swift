import ArgumentParser
import Foundation
import SluiceEngine
import SluicePipeline
import SluicePlugins
import SluiceStore
import SluiceSupport

extension PipelineLocation {
    /// The project's run and object stores, created when missing.
    func openStores() throws(SluiceError) -> (any RunStore, any ObjectStore) {
        (try ProjectStores.runStore(projectDirectory), try ProjectStores.objectStore(projectDirectory))
    }
}

/// Prints every diagnostic to standard error and returns the config-error exit code.
func fail(_ diagnostics: Diagnostics) -> ExitCode {
    printError(diagnostics.description)
    if diagnostics.items.count > 1 { printError("\(diagnostics.items.count) errors") }
    return ExitCode(ExitStatus.configError.rawValue)
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check a pipeline without running it.")

    @Argument(help: "The pipeline file.") var file: String = "sluice.yaml"
    @Option(name: .customLong("set"), help: "KEY=VALUE: override a param (repeatable).") var overrides: [String] = []
    @Option(name: .customLong("plugin-path"), help: "Another folder to search for plugins (repeatable).") var pluginPaths: [String] = []

    func run() throws {
        try reportingErrors {
            let pipeline = try PipelineLocation(file).load(overrides: overrides, pluginPaths: pluginPaths)
            print("\(file): ok, pipeline '\(pipeline.name)' with \(pipeline.stages.count) stage(s)")
        }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline.",
        discussion: "Exit codes: 0 success, 3 config error, 4 stage failed, 5 quality gate failed, 6 waiting for approval, 7 cancelled."
    )

    @Argument(help: "The pipeline file.") var file: String = "sluice.yaml"
    @Option(name: .customLong("set"), help: "KEY=VALUE: override a param (repeatable).") var overrides: [String] = []
    @Option(help: "How many stages may run at once (default: the number of cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(name: .customLong("stage"), help: "Run only this stage and what it needs (repeatable).") var stages: [String] = []
    @Flag(help: "Run every stage, even those whose outputs could be reused.") var force = false
    @Option(name: .customLong("force-stage"), help: "Run this stage even if its outputs could be reused (repeatable).") var forceStages: [String] = []
    @Flag(help: "Print the plan without running anything.") var dryRun = false
    @Flag(help: "Print only errors and the final status.") var quiet = false
    @Flag(help: "Print a machine-readable run summary.") var json = false
    @Option(name: .customLong("plugin-path"), help: "Another folder to search for plugins (repeatable).") var pluginPaths: [String] = []
    @Option(help: "Where stages run whose pipeline file does not say: process (each in a worker of its own, so a crash or hang fails only that stage) or none.")
    var isolation: IsolationChoice?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let location = PipelineLocation(file)
            if !dryRun { GitInfo.prefetch(location.projectDirectory) }
            let pipeline = try location.load(overrides: overrides, pluginPaths: pluginPaths)
            let selected = try PipelineExecutor.selectedStages(pipeline, targets: stages)
            if dryRun {
                print(RunReport.plan(pipeline, selected: selected))
                return
            }
            let (store, objects) = try location.openStores()
            try store.markInterruptedRuns()
            for name in forceStages where pipeline.stage(name) == nil {
                throw SluiceError(.runUnknownStage, at: "--force-stage \(name)", "no stage named '\(name)'.\(didYouMean(name, pipeline.stages.map(\.name)))")
            }
            var options = ExecutionOptions(jobs: jobs, targets: stages, projectDirectory: location.projectDirectory, overrides: overrides,
                                           force: force, forceStages: Set(forceStages))
            options.isolation = isolation?.value
            let outcome = try RunSession(json: json, quiet: quiet).execute(pipeline, location: location, store: store, objects: objects, options: options) {
                executor in try executor.run()
            }
            if outcome.status != .succeeded { throw ExitCode(ExitStatus(outcome.status).rawValue) }
        }
    }
}

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Continue a run that stopped (approval, failure, cancellation), reusing what it finished.")

    @Argument(help: "The run id (or a unique prefix, or 'last').") var runID: String
    @OptionGroup var project: ProjectOption
    @Option(help: "How many stages may run at once.") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Print only errors and the final status.") var quiet = false
    @Flag(help: "Print a machine-readable run summary.") var json = false
    @Option(name: .customLong("plugin-path"), help: "Another folder to search for plugins (repeatable).") var pluginPaths: [String] = []
    @Option(help: "Where stages run whose pipeline file does not say: process (each in a worker of its own, so a crash or hang fails only that stage) or none.")
    var isolation: IsolationChoice?

    func run() throws {
        try reportingErrors {
            let store = try project.runStore()
            try store.markInterruptedRuns()
            let id = try store.resolveRunID(runID)
            let summary = try store.detail(id).summary
            let location = PipelineLocation(project.directory + "/" + summary.pipelineFile)
            let pipeline = try location.load(overrides: summary.overrides, pluginPaths: pluginPaths)
            let objects = try ProjectStores.objectStore(location.projectDirectory)
            var options = ExecutionOptions(jobs: jobs, projectDirectory: location.projectDirectory, overrides: summary.overrides)
            options.isolation = isolation?.value
            let outcome = try RunSession(json: json, quiet: quiet).execute(pipeline, location: location, store: store, objects: objects, options: options) {
                executor in try executor.resume(id)
            }
            if outcome.status != .succeeded { throw ExitCode(ExitStatus(outcome.status).rawValue) }
        }
    }
}

/// Runs an executor with the display, Ctrl-C handling and the final report that
/// `run` and `resume` share.
struct RunSession {
    let json: Bool
    let quiet: Bool
    /// False: print nothing after the run (a caller prints its own report).
    var report = true

    func execute(_ pipeline: Pipeline, location: PipelineLocation, store: any RunStore, objects: any ObjectStore, options: ExecutionOptions,
                 _ body: (PipelineExecutor) throws -> RunOutcome) throws -> RunOutcome {
        let cancellation = options.cancellation
        let signals = SignalHandler.install { cancellation.cancel() }
        defer { signals.cancel() }
        let mode: DisplayMode = json || quiet ? .silent : (isatty(STDOUT_FILENO) != 0 ? .live : .plain)
        let display = RunDisplay(mode: mode)
        // Stages resolve relative paths (data files, outputs) against the project folder.
        _ = FileManager.default.changeCurrentDirectoryPath(location.projectDirectory)
        let executor = PipelineExecutor(pipeline: pipeline, store: store, objects: objects, options: options, observer: display)
        let outcome = try body(executor)
        display.finish()
        if report && json {
            print(RunReport.json(try store.detail(outcome.runID)).prettyText)
            return outcome
        }
        // Not `store.detail`: the summary shows each metric's last value, and reading
        // back a history of 100,000 values cost a third of such a run.
        let outline = report ? try store.outline(outcome.runID) : nil
        if let outline, !quiet { print("\n" + RunReport.summaryTable(outline)) }
        for failure in outcome.failures where mode == .live || quiet { printError(failure.description) }
        if let outline { print(RunReport.closingLine(outline)) }
        return outcome
    }
}

/// Turns SIGINT and SIGTERM into a cancellation; a second signal exits at once.
struct SignalHandler {
    private let sources: [DispatchSourceSignal]

    static func install(notice: String = "cancelling: waiting for running stages to stop (press Ctrl-C again to quit at once)",
                        _ onCancel: @escaping @Sendable () -> Void) -> SignalHandler {
        let sources = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let count = Counter()
            source.setEventHandler {
                if count.increment() > 1 { exit(ExitStatus.cancelled.rawValue) }
                FileHandle.standardError.write(Data("\n\(notice)\n".utf8))
                onCancel()
            }
            source.resume()
            return source
        }
        return SignalHandler(sources: sources)
    }

    func cancel() {
        for source in sources { source.cancel() }
    }

    private final class Counter: @unchecked Sendable {
        // @unchecked: only touched from the signal source's serial handler.
        private var value = 0
        func increment() -> Int {
            value += 1
            return value
        }
    }
}

/// `--isolation process|none`.
enum IsolationChoice: String, ExpressibleByArgument, CaseIterable {
    case process, none

    var value: StageIsolation { self == .process ? .process : .none }
}
