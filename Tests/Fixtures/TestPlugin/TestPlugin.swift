import Foundation
import SluiceKit

// A Swift plugin the tests load like any third-party plugin. Its stages cover what
// the host must handle: logs and metrics, data through ports, failures with a
// chosen status, and long runs that honour cancellation.

let plugin = Plugin(
    id: "sluice.testkit",
    version: "1.2.0",
    description: "Stages for testing the Sluice host",
    stages: [Echo.self, Fail.self, Sleep.self, Split.self, Fit.self, Score.self, Flaky.self, MakeTable.self, ScaleTable.self,
             FitMean.self, FitThreshold.self],
    // The model capability, for testing testers without a real trainer (TestModels.swift).
    models: [TestRegressor.self, TestClassifier.self]
)

@c(sluice_plugin_entry_v1)
public func sluicePluginEntry(hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
    plugin.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}

/// Logs its message, records metrics, and writes `message` (after the optional input) to `out`.
struct Echo: Transformer {
    struct Config: Decodable {
        var message: String
        var metrics: [String: Double]?
    }
    static let id = "echo"
    static let summary = "Logs a message, records metrics and passes text along"
    static let configSchema = #"""
        {"type":"object","required":["message"],"additionalProperties":false,
         "properties":{"message":{"type":"string"},
                       "metrics":{"type":"object","additionalProperties":{"type":"number"}}}}
        """#
    static let inputs = [Port("in", .blob, optional: true, description: "text to prepend")]
    static let outputs = [Port("out", .blob, description: "the input followed by the message")]

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        guard !config.message.isEmpty else { throw StageError.invalidConfig("'message' must not be empty") }
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        host.info(config.message)
        for (name, value) in (config.metrics ?? [:]).sorted(by: { $0.key < $1.key }) {
            host.metric(name, value)
        }
        let before = call.hasInput("in") ? try call.inputText("in") : ""
        try call.output("out", text: before + config.message + "\n")
    }
}

/// Fails with the configured status and message.
struct Fail: Tester {
    struct Config: Decodable {
        var message: String?
        var status: String?
    }
    static let id = "fail"
    static let summary = "Always fails (gate_failed, invalid_input or failed)"
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,
         "properties":{"message":{"type":"string"},
                       "status":{"enum":["failed","gate_failed","invalid_input"]}}}
        """#

    let config: Config
    init(config: Config, host: HostServices) throws { self.config = config }

    func run(_ call: StageCall) throws {
        let status: Status = switch config.status {
        case "gate_failed": .gateFailed
        case "invalid_input": .invalidInput
        default: .failed
        }
        throw StageError(status, config.message ?? "failed on purpose")
    }
}

/// Sleeps for `seconds`, reporting progress and stopping early when cancelled.
struct Sleep: Transformer {
    struct Config: Decodable { var seconds: Double }
    static let id = "sleep"
    static let summary = "Waits, honouring cancellation"
    static let configSchema = #"""
        {"type":"object","required":["seconds"],"additionalProperties":false,
         "properties":{"seconds":{"type":"number","minimum":0}}}
        """#
    static let outputs = [Port("done", .blob)]

    let config: Config
    let host: HostServices
    init(config: Config, host: HostServices) throws {
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let deadline = Date().addingTimeInterval(config.seconds)
        while Date() < deadline {
            try host.checkCancellation()
            host.progress(1 - deadline.timeIntervalSinceNow / max(config.seconds, 0.001))
            Thread.sleep(forTimeInterval: min(0.01, max(0, deadline.timeIntervalSinceNow)))
        }
        try call.output("done", text: "slept \(config.seconds)s\n")
    }
}

/// Deals its input's lines to two outputs of the same kind (every `every`-th line to
/// `test`): the stage that makes `needs: [split]` ambiguous for a stage with a blob input.
/// It ignores config fields it does not know, so tests can pass values of any type.
struct Split: Transformer {
    struct Config: Decodable { var every: Int }
    static let id = "split"
    static let summary = "Splits lines into train and test"
    static let configSchema = #"""
        {"type":"object","properties":{"every":{"type":"integer","minimum":2,"default":2}}}
        """#
    static let inputs = [Port("in", .blob, optional: true, description: "lines to split")]
    static let outputs = [Port("train", .blob), Port("test", .blob)]

    let config: Config
    init(config: Config, host: HostServices) throws { self.config = config }

    func run(_ call: StageCall) throws {
        let lines = call.hasInput("in") ? try call.inputText("in").split(separator: "\n") : []
        var train = "", test = ""
        for (index, line) in lines.enumerated() {
            if (index + 1) % config.every == 0 { test += line + "\n" } else { train += line + "\n" }
        }
        try call.output("train", text: train)
        try call.output("test", text: test)
    }
}

/// "Trains" a model on its input: a stage with a `model` output, for binding by kind.
struct Fit: Trainer {
    static let id = "fit"
    static let summary = "Counts the lines of its input as a model"
    static let inputs = [Port("data", .blob)]
    static let outputs = [Port("model", .model)]

    static let configSchema = #"{"type":"object","additionalProperties":false}"#

    init(config: NoConfig, host: HostServices) throws {}

    func run(_ call: StageCall) throws {
        let lines = try call.inputText("data").split(separator: "\n").count
        try call.output("model", bytes: Array("lines=\(lines)".utf8), mediaType: "application/x-sluice-test-model")
    }
}

/// Scores a model on data: a stage with a `model` input and a `blob` input.
struct Score: Tester {
    static let id = "score"
    static let summary = "Reports the model and the number of data lines"
    static let inputs = [Port("model", .model), Port("data", .blob)]
    static let outputs = [Port("report", .report)]

    static let configSchema = #"{"type":"object","additionalProperties":false}"#

    init(config: NoConfig, host: HostServices) throws {}

    func run(_ call: StageCall) throws {
        let model = try call.inputText("model")
        let lines = try call.inputText("data").split(separator: "\n").count
        try call.output("report", text: #"{"model":"\#(model)","lines":\#(lines)}"#, mediaType: "application/json")
    }
}

/// Fails until it has been called `failures` times, counting attempts in the `marker`
/// file (which survives the stage instance), then succeeds: for testing retries.
struct Flaky: Transformer {
    struct Config: Decodable {
        var marker: String
        var failures: Int
    }
    static let id = "flaky"
    static let summary = "Fails the first `failures` attempts, then succeeds"
    static let configSchema = #"""
        {"type":"object","required":["marker","failures"],"additionalProperties":false,
         "properties":{"marker":{"type":"string","minLength":1},
                       "failures":{"type":"integer","minimum":0}}}
        """#
    static let outputs = [Port("out", .blob)]

    let config: Config
    init(config: Config, host: HostServices) throws { self.config = config }

    func run(_ call: StageCall) throws {
        let previous = (try? String(contentsOfFile: config.marker, encoding: .utf8)).flatMap { Int($0) } ?? 0
        let attempt = previous + 1
        try String(attempt).write(toFile: config.marker, atomically: true, encoding: .utf8)
        guard attempt > config.failures else {
            throw StageError.failed("attempt \(attempt) fails on purpose (\(config.failures) failure(s) planned)")
        }
        try call.output("out", text: "succeeded on attempt \(attempt)\n")
    }
}

/// Emits a table with a column of every type, nulls included, and a target.
struct MakeTable: Loader {
    struct Config: Decodable { var rows: Int? }
    static let id = "make_table"
    static let summary = "Emits a table of every column type"
    static let configSchema = #"{"type":"object","additionalProperties":false,"properties":{"rows":{"type":"integer","minimum":0}}}"#
    static let outputs = [Port("data", .table)]

    let rows: Int
    init(config: Config, host: HostServices) throws { rows = config.rows ?? 4 }

    func run(_ call: StageCall) throws {
        let indices = Array(0..<rows)
        let table = try Table([
            Column("x", doubles: indices.map { $0 == 1 ? nil : Double($0) * 1.5 }),
            Column("f", floats: indices.map { Float($0) }),
            Column("n", int64s: indices.map { Int64($0) * 1_000_000_000_000 }),
            Column("i", int32s: indices.map { $0 == 2 ? nil : Int32($0) }),
            Column("flag", bools: indices.map { $0 % 2 == 0 }),
            Column("name", strings: indices.map { $0 == 3 ? nil : "row \($0) é" }),
            Column("colour", categories: indices.map { ["red", "green", "red", nil][$0 % 4] }),
        ], metadata: [Table.targetKey: "x"])
        try call.output("data", table: table)
    }
}

/// Multiplies numeric column `column` by `factor` into a new column `scaled`, keeping the rest.
struct ScaleTable: Transformer {
    struct Config: Decodable { var column: String; var factor: Double }
    static let id = "scale_table"
    static let summary = "Adds column 'scaled' = column * factor"
    static let configSchema = #"{"type":"object","required":["column","factor"],"additionalProperties":false,"properties":{"column":{"type":"string"},"factor":{"type":"number"}}}"#
    static let inputs = [Port("data", .table)]
    static let outputs = [Port("out", .table)]

    let config: Config
    let host: HostServices
    init(config: Config, host: HostServices) throws {
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let table = try call.inputTable("data")
        let column = try table.column(config.column)
        guard column.type.isNumeric else { throw StageError.invalidInput("column '\(config.column)' is \(column.type.rawValue); scale_table needs a number column") }
        let scaled = Column("scaled", doubles: (0..<table.rowCount).map { column.double(at: $0).map { $0 * config.factor } })
        host.metric("rows", Double(table.rowCount))
        host.metric("sum", (0..<table.rowCount).compactMap { scaled.double(at: $0) }.reduce(0, +))
        try call.output("out", table: try table.with(columns: table.columns + [scaled]))
    }
}
