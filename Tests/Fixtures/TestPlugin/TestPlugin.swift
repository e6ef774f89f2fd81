import Foundation
import SluiceKit

// A Swift plugin the tests load like any third-party plugin. Its stages cover what
// the host must handle: logs and metrics, data through ports, failures with a
// chosen status, and long runs that honour cancellation.

let plugin = Plugin(
    id: "sluice.testkit",
    version: "1.2.0",
    description: "Stages for testing the Sluice host",
    stages: [Echo.self, Fail.self, Sleep.self]
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
