import CSluiceABI
import Foundation
import SluiceKit

/// Runs one stage of a plugin in memory, through the same C protocol the host uses:
/// `create` with a fake host, `run` with a fake call table holding the inputs, then
/// `destroy`; and returns what happened as a `StageRun`.
///
/// ```swift
/// let harness = try StageHarness(plugin, stage: "summarize")
/// let run = try harness.run(config: #"{"column": "x"}"#,
///                           inputs: ["data": .columns([Column("x", doubles: [1, 2, 6])])])
/// #expect(run.succeeded)
/// #expect(run.metric("mean") == 3)
/// ```
///
/// Like the host, it fills in the config schema's defaults and refuses to run a stage
/// whose required inputs are missing; it does not validate the config against the
/// schema. Host extensions: "sluice.json/1" is offered; "sluice.arrow-ipc/1",
/// "sluice.models/1" and "sluice.registry/1" are not (the fake host returns NULL, so
/// SluiceKit's helpers for them throw `.unsupported`).
public struct StageHarness: Sendable {
    /// The plugin the stage belongs to.
    public let plugin: PluginUnderTest
    let stage: StageUnderTest

    /// The stage `id` of `plugin`; throws listing the plugin's stages when there is none.
    public init(_ plugin: PluginUnderTest, stage id: String) throws {
        self.plugin = plugin
        stage = try plugin.stage(id)
    }

    /// The stage `id` of the plugin value a Swift plugin's entry point exports.
    public init(_ plugin: Plugin, stage id: String) throws {
        try self.init(PluginUnderTest(plugin), stage: id)
    }

    /// Runs the stage once with `config` as JSON text (the pipeline's `with`).
    public func run(
        config: String = "{}", inputs: [String: StageInput] = [:], cancellation: Cancellation = .never,
        artifacts: [ArtifactRecord] = []
    ) throws -> StageRun {
        let parsed: JSONValue
        do { parsed = try JSONValue.parse(config) } catch {
            throw HarnessError("the config is not JSON (\(error)): \(config)")
        }
        return try run(config: parsed, inputs: inputs, cancellation: cancellation, artifacts: artifacts)
    }

    /// Runs the stage once with `config` as a JSON value.
    public func run(
        config: JSONValue, inputs: [String: StageInput] = [:], cancellation: Cancellation = .never,
        artifacts: [ArtifactRecord] = []
    ) throws -> StageRun {
        let (tables, bytes) = try resolve(inputs)
        let effective = ConfigDefaults.applying(stage.configSchema, to: config).canonicalText
        let host = FakeHost(cancellation: cancellation, artifacts: artifacts)
        let work = try WorkDirectory()
        defer { work.remove() }

        var errors = ErrorBuffer()
        var instance: UnsafeMutableRawPointer?
        guard let create = stage.table.create, let runFunction = stage.table.run else {
            throw HarnessError("stage '\(stage.id)' has no create or run function in its descriptor")
        }
        let created = errors.call { error, capacity in
            effective.withCString { json in
                create(stage.pointer, host.table, json, effective.utf8.count, &instance, error, capacity)
            }
        }
        var call: FakeCall?
        let outcome: StageRun.Outcome
        if created != Status.ok.rawValue {
            outcome = .createFailed(Status(code: created), errors.message)
        } else {
            defer { stage.table.destroy?(instance) }
            let missing = stage.inputs.filter { !$0.optional && tables[$0.name] == nil && bytes[$0.name] == nil }.map(\.name)
            if !missing.isEmpty {
                outcome = .missingInputs(missing)
            } else {
                let fake = FakeCall(stage: stage, inputs: tables, bytes: bytes, runID: "test-run", workDirectory: work.path)
                call = fake
                let status = errors.call { error, capacity in runFunction(instance, fake.table, error, capacity) }
                if status != Status.ok.rawValue {
                    outcome = .runFailed(Status(code: status), errors.message)
                } else {
                    let unwritten = stage.outputs.filter { !$0.optional && fake.tables[$0.name] == nil && fake.bytes[$0.name] == nil }.map(\.name)
                    outcome = unwritten.isEmpty ? .succeeded : .missingOutputs(unwritten)
                }
            }
        }
        let records = host.recorded
        return StageRun(
            outcome: outcome, tables: call?.tables ?? [:], bytes: call?.bytes ?? [:], logs: records.logs, metrics: records.metrics,
            params: records.params, progress: records.progress, artifacts: records.artifacts,
            cancellationChecks: records.cancellationChecks, plugin: plugin
        )
    }

    /// The inputs as tables and bytes, checked against the ports the stage declares
    /// (a test giving an undeclared port or the wrong kind is a mistake in the test).
    private func resolve(_ inputs: [String: StageInput]) throws -> ([String: Table], [String: OutputBytes]) {
        var tables: [String: Table] = [:]
        var bytes: [String: OutputBytes] = [:]
        for (port, input) in inputs {
            guard let declared = stage.inputs.first(where: { $0.name == port }) else {
                throw HarnessError("stage '\(stage.id)' declares no input '\(port)'; it declares: \(stage.inputs.map(\.name).joined(separator: ", "))")
            }
            switch input {
            case .table(let table) where declared.kind == .table:
                tables[port] = table
            case .columns(let columns, let metadata) where declared.kind == .table:
                do { tables[port] = try Table(columns, metadata: metadata) } catch {
                    throw HarnessError("the columns for input '\(port)' do not make a table: \(error)")
                }
            case .bytes(let data, let mediaType) where declared.kind != .table:
                bytes[port] = OutputBytes(bytes: data, mediaType: mediaType)
            default:
                let wanted = declared.kind == .table ? ".table or .columns" : ".bytes, .text or .json"
                throw HarnessError("input '\(port)' of stage '\(stage.id)' is a \(declared.kind) port: give it \(wanted)")
            }
        }
        return (tables, bytes)
    }
}

/// The stage's private scratch folder (`call.workDirectory`), removed after the run.
private struct WorkDirectory {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-kit-testing-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true) } catch {
            throw HarnessError("cannot create a work folder for the stage at \(base.path): \(error)")
        }
        path = base.path
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
