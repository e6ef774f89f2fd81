import ArgumentParser
import Foundation
import SluiceMonitoring
import SluicePipeline
import SluiceSupport

struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Run the pipeline's monitoring stages (drift, live performance) once or on a schedule, and act on drift.",
        discussion: """
            Runs the stages of kind monitor and what they need (e.g. sluice.drift/predictions reading the \
            prediction log, sluice.drift/reference finding the production model's training data), prints a \
            per-feature drift table, and on drift does what the pipeline's `monitor: {on_drift: ...}` says \
            (default: alert). Every check is a recorded run.

            Exit codes: 0 no drift, 3 config error, 4 a stage failed, 5 a quality gate failed, 7 cancelled, \
            8 drift detected. With --every, the code of the last check.
            """
    )

    @Argument(help: "The pipeline file.") var file: String = "sluice.yaml"
    @Option(help: "How much of the prediction log to look at: N rows or a span such as 30m, 1h, 7d (default: monitor.window, else each stage's own).")
    var window: String?
    @Option(help: "Check again at this interval (e.g. 10m) until stopped with Ctrl-C.") var every: String?
    @Option(name: .customLong("set"), help: "KEY=VALUE: override a param (repeatable).") var overrides: [String] = []
    @Option(help: "How many stages may run at once (default: the number of cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Print only the drift tables, errors and the final status.") var quiet = false
    @Flag(help: "Print a machine-readable result (one JSON line per check with --every).") var json = false
    @Option(name: .customLong("plugin-path"), help: "Another folder to search for plugins (repeatable).") var pluginPaths: [String] = []

    func validate() throws {
        if let window, MonitorWindow(parsing: window) == nil {
            throw ValidationError("--window must be \(MonitorWindow.syntax), got '\(window)'")
        }
        if let every {
            guard let seconds = DurationText.seconds(every), seconds >= 1 else {
                throw ValidationError("--every must be a span of at least one second, such as 30s, 10m or 1h, got '\(every)'")
            }
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        var status = ExitStatus.success
        try reportingErrors {
            let location = PipelineLocation(file)
            let loaded = try location.load(overrides: overrides, pluginPaths: pluginPaths)
            let plan = try MonitoringPlan(loaded)
            let pipeline = try MonitoringPlan.windowed(loaded, option: window)
            let (store, objects) = try location.openStores()
            try store.markInterruptedRuns()
            let context = MonitorContext(pipeline: pipeline, plan: plan, location: location, store: store, objects: objects,
                                         overrides: overrides, jobs: jobs, pluginPaths: pluginPaths)
            let console = MonitorConsole(context: context, quiet: quiet, json: json, jsonLines: every != nil)
            guard let interval = every.flatMap(DurationText.seconds) else {
                status = ExitStatus(try console.check())
                return
            }
            // One handler for the whole loop, so a Ctrl-C between two checks is never lost.
            let stop = StopRequest()
            let signals = SignalHandler.install(notice: "stopping") { stop.request() }
            defer { signals.cancel() }
            let verdict = try MonitorSchedule(interval: interval, stop: stop).run(console.check) { next in
                if !json { printError("next check in \(every!) (at \(RunReport.timestamp(next))); Ctrl-C stops") }
            }
            status = ExitStatus(verdict)
        }
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
