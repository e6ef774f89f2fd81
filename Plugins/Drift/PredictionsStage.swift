import Foundation
import SluiceKit

/// Stage `predictions`: loads a window of a served model's prediction log (written by
/// `sluice serve`, format in Sources/SluiceServe/PredictionLog.md) as tables, for the
/// `drift` stage to compare with the training data and `performance` to score once
/// the true labels arrive.
///
/// - `features`: the model's input columns, then its outputs (`prediction`,
///   `probability_<class>`), one row per predicted row. Numbers are float64, text
///   utf8, booleans bool.
/// - `log`: the same columns, then `time` (RFC 3339, as logged), `version`,
///   `request_id` (null when the request had none), `row` (the row's index within its
///   request) and `endpoint`.
///
/// Both carry schema metadata `sluice.model` (the model name) and, with a window,
/// `sluice.window` (as configured), so reports downstream can say what they looked at.
/// The stage is volatile: the log grows between runs, so its outputs are never reused.
/// Logs metrics `predictions.rows` and `predictions.requests`.
struct PredictionsStage: Loader {
    typealias Config = PredictionsConfig

    static let id = "predictions"
    static let summary = "Loads a window of a served model's prediction log (features, and the log with time, version and request ids)"
    static let volatile = true
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,"required":["model"],
         "properties":{
           "model":{"type":"string","minLength":1,
                    "description":"the served model's name: its log folder under 'directory'"},
           "window":{"type":["string","integer"],
                     "description":"a duration before now (\"90s\", \"30m\", \"1h\", \"7d\", \"2w\") or the last N rows (an integer); default: the whole log"},
           "directory":{"type":"string","minLength":1,"default":".sluice/predictions",
                        "description":"the prediction log directory, relative to the project folder"},
           "version":{"type":["string","integer"],
                      "description":"keep only the predictions this model version answered"}}}
        """#
    static let outputs = [
        Port("features", .table, description: "the model's inputs then outputs, one row per predicted row"),
        Port("log", .table, description: "the same columns plus time, version, request_id, row and endpoint"),
    ]

    static let modelKey = "sluice.model"
    static let windowKey = "sluice.window"

    let config: PredictionsConfig
    let window: LogWindow
    let host: HostServices

    init(config: PredictionsConfig, host: HostServices) throws {
        self.config = config
        window = try LogWindow(config.window)
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let started = Date(), startedCPU = Self.threadCPUSeconds()
        let reader = PredictionLogReader(directory: config.directory, model: config.model, folderName: config.folderName)
        let selection = try reader.read(window: window, version: config.version, now: Date().timeIntervalSince1970)
        reportTornLines(selection)

        var tables = PredictionTables()
        for slice in selection.slices {
            try tables.add(slice)
            if tables.requests % 10_000 == 0 { try host.checkCancellation() }
        }
        if tables.rows == 0, let newest = selection.newest {
            try tables.addColumns(of: newest)
            host.warning("no predictions of model '\(config.model)' in \(describeWindow()); the tables are empty, with the log's columns")
        }
        var metadata = [Self.modelKey: config.model]
        if let setting = config.window { metadata[Self.windowKey] = setting.description }
        let (features, log) = try tables.tables(metadata: metadata)

        host.metric("predictions.rows", Double(tables.rows))
        host.metric("predictions.requests", Double(tables.requests))
        host.info("read \(tables.rows) predicted row(s) from \(tables.requests) request(s) of model '\(config.model)' (\(describeWindow()))")
        host.debug("read and built the tables in \(Int(Date().timeIntervalSince(started) * 1000)) ms (\(Int((Self.threadCPUSeconds() - startedCPU) * 1000)) ms of CPU)")
        try call.output("features", table: features)
        try call.output("log", table: log)
    }

    /// This thread's CPU time: on a busy machine the wall time says more about the neighbours.
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private func describeWindow() -> String {
        var text: String
        switch window {
        case .all: text = "the whole log"
        case .duration: text = "the last \(config.window?.description ?? "")"
        case .rows(let rows): text = "the last \(rows) row(s)"
        }
        if let version = config.version { text += ", version \(version)" }
        return text
    }

    /// The newest file's incomplete last line is a line being written; in an older
    /// file it means a server stopped mid-line, which deserves a look.
    private func reportTornLines(_ selection: PredictionLogReader.Selection) {
        for file in selection.tornFiles {
            if file == selection.newestFile {
                host.debug("\(file): left out its last line, still being written")
            } else {
                host.warning("\(file): left out its incomplete last line (a server stopped while writing it?)")
            }
        }
    }
}
