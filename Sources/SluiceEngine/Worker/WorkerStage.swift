import Foundation
import SluiceJSON
import SluicePlugins
import SluiceProcess
import SluiceStore
import SluiceSupport

/// A stage run in a child `sluice worker`: the plugin's code never runs in this
/// process, so a crash, an `exit`, a hang or a memory blow-up fails the stage with the
/// reason and the host carries on. The worker asks for the host's services over the
/// channel; this side answers them from the stage's real context.
package final class WorkerStage: StageInstance {
    package let reference: String
    private let context: StageContext
    private let settings: WorkerSettings
    private let process: ChildProcess
    private let channel: WorkerChannel
    private var closed = false
    /// Why this side killed the worker, when it did.
    private var killedBecause: WorkerDeath.Cause?
    private var cancelSentAt: Date?
    package private(set) var artifacts: [String: String] = [:]
    package private(set) var artifactMediaTypes: [String: String] = [:]
    package private(set) var dependsOnOutsideState = false

    /// Checks the config, starts the worker and has it create the stage instance.
    package init(plugin: PluginInfo, stage: StageInfo, config: JSONValue, context: StageContext, settings: WorkerSettings) throws(SluiceError) {
        reference = "\(plugin.id)/\(stage.id)"
        let effective = try LiveStage.effectiveConfig(config, of: stage, reference: reference, stageName: context.stageName)
        self.context = context
        self.settings = settings
        (process, channel) = try WorkerLaunch.start(settings.executable, arguments: settings.arguments, what: "plugin", at: context.stageName)
        let folders: [JSONValue] = settings.pluginFolders.map { folder in
            .object(["path": .string(folder.path), "origin": .string(folder.origin), "name_prefix": folder.namePrefix.map(JSONValue.string) ?? .null])
        }
        let open: JSONValue = .object([
            "op": .string("open"), "plugin_path": .string(plugin.path), "plugin_origin": .string(plugin.origin), "stage_id": .string(stage.id),
            "config": effective, "run_id": .string(context.runID), "stage_name": .string(context.stageName),
            "work_dir": .string(context.workDirectory), "project_dir": .string(context.projectDirectory),
            "max_output": settings.maxOutput.map { .integer(Int64($0)) } ?? .null, "plugin_folders": .array(folders),
            "models_looked_in": .string(context.models?.lookedIn ?? "nowhere (no models here)"), "registry": .bool(context.registry != nil),
        ])
        do throws(SluiceError) {
            try channel.send(open)
            let answer = try serve(until: ["opened", "failed"])
            if answer.op == "failed" { throw WorkerMessage.decodeError(answer.message["error"]) }
        } catch {
            finish()
            throw error
        }
    }

    deinit { finish() }

    package func run(inputs: [String: PortValue]) throws(SluiceError) -> [String: PortValue] {
        var descriptions: [JSONValue] = [], descriptors: [Int32] = []
        defer { for descriptor in descriptors { close(descriptor) } }
        for (port, value) in inputs.sorted(by: { $0.key < $1.key }) {
            descriptors.append(try SharedPayload.write(value, name: port))
            descriptions.append(SharedPayload.describe(port: port, value))
        }
        try channel.send(.object(["op": .string("run"), "inputs": .array(descriptions)]), descriptors: descriptors)
        for descriptor in descriptors { close(descriptor) }
        descriptors = []
        let answer = try serve(until: ["ran"])
        let message = answer.message
        artifacts = Self.strings(message["artifacts"])
        artifactMediaTypes = Self.strings(message["media_types"])
        dependsOnOutsideState = message["outside_state"] == .bool(true)
        var received = answer.descriptors
        defer { for descriptor in received { close(descriptor) } }
        guard message["ok"] == .bool(true) else { throw WorkerMessage.decodeError(message["error"]) }
        let outputs = message["outputs"]?.arrayValue ?? []
        guard outputs.count == received.count else {
            throw SluiceError(.workerChannel, at: context.stageName, "the worker sent \(received.count) shared-memory files for \(outputs.count) outputs")
        }
        var values: [String: PortValue] = [:]
        for (description, descriptor) in zip(outputs, received) {
            let port = description["port"]?.stringValue ?? ""
            received.removeFirst()
            if let limit = settings.maxOutput, SharedPayload.size(descriptor) > limit {
                let size = SharedPayload.size(descriptor)
                close(descriptor)
                throw SluiceError(.workerOutputTooLarge, at: context.stageName,
                                  "\(reference) wrote \(ByteCount.text(size)) to output '\(port)', more than its max_output of \(ByteCount.text(limit))")
            }
            values[port] = try SharedPayload.read(descriptor, description, what: "output '\(port)' of \(reference)")
        }
        return values
    }

    /// Answers the worker's events and requests until it sends one of `ops`, watching
    /// cancellation and memory meanwhile. A worker that dies is an error saying why.
    private func serve(until ops: Set<String>) throws(SluiceError) -> WorkerFrame {
        while true {
            let frame: WorkerFrame?
            do {
                frame = try channel.receive(within: 20)
            } catch {
                throw death()
            }
            guard let frame else {
                watch()
                continue
            }
            if ops.contains(frame.op) { return frame }
            switch frame.op {
            case "event":
                if let event = WorkerMessage.decodeEvent(frame.message) { context.events(event) }
            case let op where frame.message["id"] != nil:
                answer(op, frame)
            default:
                for descriptor in frame.descriptors { close(descriptor) }
            }
        }
    }

    /// Forwards a cancellation once, and kills a worker that ignores it past the grace
    /// period or holds more memory than its limit.
    private func watch() {
        if context.cancellation.isCancelled {
            if let sent = cancelSentAt {
                if killedBecause == nil, Date().timeIntervalSince(sent) > settings.grace {
                    killedBecause = .ignoredStop(settings.grace)
                    process.signal(SIGKILL)
                }
            } else {
                cancelSentAt = Date()
                try? channel.send(.object(["op": .string("cancel")]))
            }
        }
        if let limit = settings.memory, killedBecause == nil, let resident = process.residentMemory, resident > limit {
            killedBecause = .memory(limit: limit, resident: resident)
            process.signal(SIGKILL)
        }
    }

    /// The error for a worker whose channel closed: it died, or was killed here.
    private func death() -> SluiceError {
        let ending = process.wait()
        closed = true
        return WorkerDeath.error(ending, cause: killedBecause, settings: settings, reference: reference, stage: context.stageName)
    }

    /// Answers one request of the worker with a `reply` frame of the same id.
    private func answer(_ op: String, _ frame: WorkerFrame) {
        var descriptors = frame.descriptors
        var reply: [String: JSONValue] = ["op": .string("reply"), "id": frame.message["id"] ?? .null, "ok": .bool(true)]
        var handed: [Int32] = []
        do throws(SluiceError) {
            func bytes() throws(SluiceError) -> ByteBuffer {
                guard let descriptor = descriptors.first else { throw SluiceError(.workerChannel, "the worker's \(op) request carries no data") }
                descriptors.removeFirst()
                return try SharedPayload.read(descriptor, .object(["kind": .string("bytes")]), what: op).bytes!
            }
            let message = frame.message
            switch op {
            case "artifact_write":
                let data = try bytes()
                do {
                    reply["digest"] = .string(try context.artifacts.write(data.pointer, mediaType: message["media_type"]?.stringValue ?? "application/octet-stream"))
                } catch {
                    throw SluiceError(.workerChannel, "could not store the artifact: \(error)")
                }
            case "artifact_read":
                let found: ByteBuffer?
                do { found = try context.artifacts.read(digest: message["digest"]?.stringValue ?? "") } catch {
                    throw SluiceError(.workerChannel, "could not read the artifact: \(error)")
                }
                if let found { handed.append(try SharedPayload.write(.bytes(found, mediaType: ""), name: "artifact")) }
            case "model_artifact":
                if let artifact = try context.models?.artifact(for: message["reference"]?.stringValue ?? "") {
                    handed.append(try SharedPayload.write(.bytes(artifact.bytes, mediaType: ""), name: "model"))
                    reply["media_type"] = artifact.mediaType.map(JSONValue.string) ?? .null
                    reply["origin"] = .string(artifact.origin)
                }
            case "registry_register":
                let data = try bytes()
                reply["version"] = .integer(Int64(try registry().registerVersion(
                    name: message["name"]?.stringValue ?? "", bytes: data.pointer, mediaType: message["media_type"]?.stringValue,
                    note: message["note"]?.stringValue ?? "")))
            case "registry_alias":
                try registry().moveAlias(name: message["name"]?.stringValue ?? "", version: Int(message["version"]?.doubleValue ?? 0),
                                         alias: message["alias"]?.stringValue ?? "", percent: message["percent"]?.doubleValue,
                                         note: message["note"]?.stringValue ?? "")
            case "registry_lookup":
                reply["found"] = try registry().lookup(message["reference"]?.stringValue ?? "") ?? .null
            case "registry_training_data":
                reply["found"] = try registry().trainingDataJSON(message["reference"]?.stringValue ?? "", port: message["port"]?.stringValue)
            default:
                throw SluiceError(.workerChannel, "the worker asked for '\(op)', which this host does not answer")
            }
        } catch {
            reply["ok"] = .bool(false)
            reply["error"] = WorkerMessage.encode(error)
        }
        for descriptor in descriptors { close(descriptor) }
        try? channel.send(.object(JSONObject(reply)), descriptors: handed)
        for descriptor in handed { close(descriptor) }
    }

    private func registry() throws(SluiceError) -> any StageRegistryService {
        guard let registry = context.registry else {
            throw SluiceError(.workerChannel, "no model registry here: registry stages run inside `sluice run` of a project")
        }
        return registry
    }

    /// Asks the worker to destroy the instance and exit; kills it if it does not soon.
    private func finish() {
        guard !closed else { return }
        closed = true
        if (try? channel.send(.object(["op": .string("close")]))) != nil {
            let deadline = Date().addingTimeInterval(max(settings.grace, 1))
            while Date() < deadline {
                guard let frame = try? channel.receive(within: 20) else {
                    if process.poll() != nil { return }
                    continue
                }
                for descriptor in frame.descriptors { close(descriptor) }
                if frame.op == "closed" { break }
            }
        }
        let deadline = Date().addingTimeInterval(1)
        while process.poll() == nil {
            if Date() > deadline {
                process.signal(SIGKILL)
                _ = process.wait()
                return
            }
            usleep(2_000)
        }
    }

    private static func strings(_ object: JSONValue?) -> [String: String] {
        var strings: [String: String] = [:]
        for member in object?.objectMembers ?? [] { strings[member.key] = member.value.stringValue }
        return strings
    }
}
