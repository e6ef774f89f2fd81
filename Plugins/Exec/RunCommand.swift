import Foundation
import SluiceKit

/// Stage `run`: runs `cmd` (through `/bin/sh -c` when a string, directly when a list),
/// passes params and inputs through files and environment variables, logs the metrics
/// the command writes, and fails with the tail of its stderr when it exits non-zero.
///
/// The command sees:
/// - `SLUICE_PARAMS`: a JSON file holding `params` from the config; each scalar param
///   also as `SLUICE_PARAM_<NAME>` (upper-cased).
/// - `SLUICE_INPUT`: a file holding the bytes of the `in` port, when it is connected.
/// - `SLUICE_INPUT_TABLE`: an Arrow IPC (Feather V2) file holding the `table` input,
///   when it is connected (`pandas.read_feather(os.environ["SLUICE_INPUT_TABLE"])`).
/// - `SLUICE_OUTPUT_TABLE`: where the command may write an Arrow IPC file
///   (`df.to_feather(os.environ["SLUICE_OUTPUT_TABLE"])`); it becomes the `table` output.
/// - `SLUICE_WORK_DIR`, `SLUICE_RUN_ID`, `SLUICE_STAGE`.
/// Its standard output becomes the `stdout` port; its standard error is logged.
struct RunCommand: Loader {
    struct Config: Decodable {
        var cmd: Command
        var cwd: String?
        var env: [String: String]?
        var params: [String: JSONValue]?
        var metrics: String?
    }

    /// A shell line or an argument vector.
    enum Command: Decodable {
        case shell(String)
        case argv([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let line = try? container.decode(String.self) {
                self = .shell(line)
            } else {
                self = .argv(try container.decode([String].self))
            }
        }
    }

    static let id = "run"
    static let summary = "Runs a command or script; its metrics file is logged, its stdout is an output"
    static let configSchema = #"""
        {"type":"object","required":["cmd"],"additionalProperties":false,
         "properties":{
           "cmd":{"type":["string","array"],"items":{"type":"string"},"minItems":1,
                  "description":"a shell command line, or a program and its arguments"},
           "cwd":{"type":"string","description":"working folder, relative to the project (default: the project)"},
           "env":{"type":"object","additionalProperties":{"type":"string"}},
           "params":{"type":"object","description":"values the command reads from $SLUICE_PARAMS"},
           "metrics":{"type":"string","description":"a JSON file of numbers the command writes; each is logged as a metric"}}}
        """#
    static let inputs = [
        Port("in", .blob, optional: true, description: "bytes written to the file named by $SLUICE_INPUT"),
        Port("table", .table, optional: true, description: "a table written as an Arrow IPC file named by $SLUICE_INPUT_TABLE"),
    ]
    static let outputs = [
        Port("stdout", .blob, description: "what the command printed on standard output"),
        Port("table", .table, optional: true, description: "the Arrow IPC file the command wrote at $SLUICE_OUTPUT_TABLE"),
    ]

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        if case .shell(let line) = config.cmd, line.trimmingCharacters(in: .whitespaces).isEmpty {
            throw StageError.invalidConfig("'cmd' is empty: give the command to run")
        }
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let work = URL(fileURLWithPath: call.workDirectory)
        var environment = ProcessInfo.processInfo.environment
        environment["SLUICE_WORK_DIR"] = work.path
        environment["SLUICE_RUN_ID"] = call.runID
        environment["SLUICE_STAGE"] = call.stageName
        for (name, value) in config.env ?? [:] { environment[name] = value }

        let params = config.params ?? [:]
        let paramsFile = work.appendingPathComponent("params.json")
        try write(JSONValue.object(params).text, to: paramsFile)
        environment["SLUICE_PARAMS"] = paramsFile.path
        for (name, value) in params {
            if let scalar = value.scalarText { environment["SLUICE_PARAM_" + name.uppercased()] = scalar }
        }
        if call.hasInput("in") {
            let inputFile = work.appendingPathComponent("input")
            try Data(try call.inputBytes("in").bytes).write(to: inputFile)
            environment["SLUICE_INPUT"] = inputFile.path
        }
        if call.hasInput("table") {
            let tableFile = work.appendingPathComponent("input.arrow")
            try host.writeArrowFile(try call.inputTable("table"), to: tableFile.path)
            environment["SLUICE_INPUT_TABLE"] = tableFile.path
        }
        let outputTable = work.appendingPathComponent("output.arrow")
        environment["SLUICE_OUTPUT_TABLE"] = outputTable.path
        let metricsFile = config.metrics.map { URL(fileURLWithPath: $0, relativeTo: directory(call)) }
        if let metricsFile { try? FileManager.default.removeItem(at: metricsFile) }

        let result = try CommandRunner(command: config.cmd, directory: directory(call), environment: environment, host: host).run()
        guard result.status == 0 else {
            let tail = result.stderrTail.isEmpty ? "(nothing on stderr)" : result.stderrTail
            throw StageError.failed("the command exited with status \(result.status). Last lines of its stderr:\n\(tail)")
        }
        if let metricsFile {
            try logMetrics(from: metricsFile)
        }
        try call.output("stdout", bytes: result.stdout, mediaType: "text/plain; charset=utf-8")
        if FileManager.default.fileExists(atPath: outputTable.path) {
            try call.output("table", table: try host.readArrowFile(outputTable.path))
        }
    }

    /// `cwd` inside the project folder the host names (ABI 1.1 project_dir), not the
    /// folder sluice happened to be started in.
    private func directory(_ call: StageCall) -> URL {
        URL(fileURLWithPath: call.resolve(config.cwd ?? "."), isDirectory: true).standardized
    }

    private func write(_ text: String, to file: URL) throws {
        do {
            try Data(text.utf8).write(to: file)
        } catch {
            throw StageError(.io, "cannot write \(file.path): \(error.localizedDescription)")
        }
    }

    /// Logs every number in the metrics file; nested objects give dotted names.
    private func logMetrics(from file: URL) throws {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw StageError.failed("the command succeeded but did not write its metrics file \(file.relativePath). Write it, or remove `metrics` from the config")
        }
        guard let document = try? JSONValue.parse(data) else {
            throw StageError.invalidInput("the metrics file \(file.relativePath) is not valid JSON")
        }
        for (name, value) in document.numbers(prefix: "") {
            host.metric(name, value)
        }
    }
}
