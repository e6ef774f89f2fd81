import Foundation
import SluiceKit

// Stages defined in the test target itself, run through a Plugin value as a plugin
// author's tests run theirs. No models or transforms: SluiceKit keeps one capability
// table per image, and those are tested against the built plugins instead.

let harnessPlugin = Plugin(
    id: "sluice.kit-testing.tests", version: "0.1.0", description: "Stages for testing SluiceKitTesting",
    stages: [Report.self, Forget.self, Count.self, Remember.self, Probe.self]
)

/// Reports on its table input (sum of `x` as a metric, a series, a param, progress, an
/// artifact) and writes the table with `x` doubled plus a JSON report.
struct Report: Transformer {
    struct Config: Decodable {
        var factor: Double
        var label: String
    }
    static let id = "report"
    static let configSchema = #"""
        {"type":"object","properties":{"factor":{"type":"number","default":2},"label":{"type":"string"}}}
        """#
    static let inputs = [Port("data", .table), Port("notes", .blob, optional: true)]
    static let outputs = [Port("data", .table), Port("report", .report)]

    let config: Config
    let host: HostServices
    init(config: Config, host: HostServices) throws {
        self.config = config
        self.host = host
        host.debug("created with factor \(config.factor)")
    }

    func run(_ call: StageCall) throws {
        let table = try call.inputTable("data")
        let x = try table.column("x").doubles()
        for (step, value) in x.enumerated() { host.metric("x", value, step: step) }
        host.metric("sum", x.reduce(0, +))
        host.param("factor", json: "\(config.factor)")
        host.progress(0.5, "half way")
        host.progress(nil)
        if call.hasInput("notes") { host.warning(try call.inputText("notes")) }
        try host.writeArtifact(name: "summary.txt", mediaType: "text/plain", bytes: Array("\(config.label): \(x.count) rows".utf8))
        let doubled = Column("x", doubles: x.map { $0 * config.factor })
        try call.output("data", table: try table.with(columns: [doubled] + table.columns.filter { $0.name != "x" }))
        try call.output("report", text: JSONText.object([("label", .string(config.label)), ("rows", .integer(Int64(x.count)))]).text,
                        mediaType: "application/json")
    }
}

/// Returns success having written only one of its two required outputs: a plugin bug.
struct Forget: Transformer {
    static let id = "forget"
    static let outputs = [Port("written", .blob), Port("forgotten", .blob), Port("maybe", .blob, optional: true)]
    init(config: NoConfig, host: HostServices) throws {}
    func run(_ call: StageCall) throws {
        try call.output("written", text: "here")
    }
}

/// Counts up to `limit`, checking for cancellation before every step.
struct Count: Transformer {
    struct Config: Decodable { var limit: Int }
    static let id = "count"
    static let outputs = [Port("count", .blob)]
    let config: Config
    let host: HostServices
    init(config: Config, host: HostServices) throws {
        self.config = config
        self.host = host
    }
    func run(_ call: StageCall) throws {
        for step in 0..<config.limit {
            try host.checkCancellation()
            host.progress(Double(step) / Double(config.limit))
        }
        try call.output("count", text: "\(config.limit)")
    }
}

/// Reads the artifact `reference` and writes it to its output, with its media type.
struct Remember: Transformer {
    struct Config: Decodable { var reference: String }
    static let id = "remember"
    static let outputs = [Port("remembered", .blob)]
    let config: Config
    let host: HostServices
    init(config: Config, host: HostServices) throws {
        self.config = config
        self.host = host
    }
    func run(_ call: StageCall) throws {
        try call.output("remembered", bytes: try host.readArtifact(config.reference), mediaType: "application/octet-stream")
    }
}

/// Reports what the host offers: its extensions, the call's run id, stage name and
/// work folder, and reads the optional input without checking `hasInput` when told to.
struct Probe: Monitor {
    struct Config: Decodable { var careless: Bool? }
    static let id = "probe"
    static let inputs = [Port("maybe", .table, optional: true)]
    static let outputs = [Port("facts", .report)]
    let config: Config
    let host: HostServices
    init(config: Config, host: HostServices) throws {
        self.config = config
        self.host = host
    }
    func run(_ call: StageCall) throws {
        if config.careless == true { _ = try call.inputTable("maybe") }
        var facts: [(String, JSONText)] = []
        for id in ["sluice.json/1", "sluice.arrow-ipc/1", "sluice.models/1", "sluice.registry/1"] {
            facts.append((id, .bool(host.hasExtension(id))))
        }
        let unsupported: String
        do { _ = try host.loadModel(artifact: [1], mediaType: nil); unsupported = "loaded" } catch let error as StageError { unsupported = "\(error.status)" }
        facts += [("load_model", .string(unsupported)), ("run", .string(call.runID)), ("stage", .string(call.stageName)),
                  ("work_dir_exists", .bool(FileManager.default.fileExists(atPath: call.workDirectory)))]
        try call.output("facts", text: JSONText.object(facts).text, mediaType: "application/json")
    }
}
