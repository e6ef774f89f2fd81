import CSluiceWorker
import Foundation
import SluiceJSON
import SluicePlugins
import SluiceStore
import SluiceSupport
import Synchronization

/// The worker side: what `sluice worker` runs. It loads one plugin stage the host names,
/// runs it with proxies of the host's services, hands its outputs back through shared
/// memory and exits when the host says `close` or goes away. One worker runs one stage
/// attempt, or serves one model (`WorkerModelSession`); the host starts a fresh one
/// for the next.
package enum WorkerService {
    /// The channel is descriptor 3 (see `WorkerProcess`). Returns the exit status.
    package static func main(channelDescriptor: Int32 = 3) -> Int32 {
        // A worker outliving its host would hold the plugin and memory for nobody.
        if sluice_die_with_parent(getppid()) != 0 { return 0 }
        let channel = WorkerChannel(descriptor: channelDescriptor)
        let requests = WorkerRequests(channel: channel)
        let cancellation = CancellationToken()
        let models = WorkerModelSession(channel: channel)
        let commands = Commands(channel: channel, requests: requests, cancellation: cancellation, models: models)
        // Two threads take turns reading the channel: the one holding the baton reads
        // frames, and passes the baton on only when it takes a command to work on. A
        // stage then runs on the thread that received its `run` (no hand-over on the
        // way), while the other reads the cancellations and replies that come meanwhile;
        // small predictions are answered by the reading thread itself.
        let baton = DispatchSemaphore(value: 1)
        let turns: @Sendable () -> Void = {
            var holding = false
            while true {
                if !holding { baton.wait() }
                holding = true
                let frame: WorkerFrame
                do {
                    guard let received = try channel.receive() else { continue }
                    frame = received
                } catch {
                    // The host is gone: nobody waits for the stage any more.
                    requests.closeAll()
                    _exit(0)
                }
                switch frame.op {
                case "cancel": cancellation.cancel()
                case "reply": requests.deliver(frame)
                case "predict": models.predict(frame)
                default:
                    holding = false
                    baton.signal()
                    if commands.handle(frame) { exit(0) }
                }
            }
        }
        let other = Thread(block: turns)
        other.name = "worker channel"
        other.start()
        turns()
        return 0
    }

    /// The host's commands (open, run, model_open, close), one at a time, in the order
    /// the host sent them (it waits for each answer before the next).
    private final class Commands: @unchecked Sendable {
        // @unchecked: `session` is touched only under `lock`.
        private let lock = NSLock()
        private var session: Session?
        private let channel: WorkerChannel
        private let requests: WorkerRequests
        private let cancellation: CancellationToken
        private let models: WorkerModelSession

        init(channel: WorkerChannel, requests: WorkerRequests, cancellation: CancellationToken, models: WorkerModelSession) {
            self.channel = channel
            self.requests = requests
            self.cancellation = cancellation
            self.models = models
        }

        /// Handles `frame`; true when the worker is to exit.
        func handle(_ frame: WorkerFrame) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            switch frame.op {
            case "open":
                do {
                    session = try Session(frame.message, channel: channel, requests: requests, cancellation: cancellation)
                    try? channel.send(.object(["op": .string("opened")]))
                } catch {
                    try? channel.send(.object(["op": .string("failed"), "error": WorkerMessage.encode(error)]))
                }
            case "run":
                let reply = session?.run(frame) ?? (.object(["op": .string("ran"), "ok": .bool(false), "error": WorkerMessage.encode(
                    SluiceError(.workerChannel, "the host asked to run a stage the worker has not opened"))]), [])
                try? channel.send(reply.0, descriptors: reply.1)
                for descriptor in reply.1 { close(descriptor) }
            case "model_open":
                models.open(frame)
            case "close":
                session = nil  // destroys the instance
                models.close()
                PluginLifecycle.finish()  // the plugin's deinit, as at the host's exit
                try? channel.send(.object(["op": .string("closed")]))
                return true
            default:
                for descriptor in frame.descriptors { close(descriptor) }
            }
            return false
        }
    }

    /// One stage instance and what it was opened with.
    private final class Session {
        let live: LiveStage
        let maxOutput: Int?
        /// The stage's name in the pipeline, where its errors are located.
        let stageName: String

        init(_ open: JSONValue, channel: WorkerChannel, requests: WorkerRequests, cancellation: CancellationToken) throws(SluiceError) {
            guard let path = open["plugin_path"]?.stringValue, let stageID = open["stage_id"]?.stringValue else {
                throw SluiceError(.workerChannel, "the host's open message names no plugin and stage")
            }
            let plugin = try PluginLoader.load(path, origin: open["plugin_origin"]?.stringValue ?? "worker", inWorker: true)
            guard let stage = plugin.stage(stageID) else {
                throw SluiceError(.workerChannel, at: path, "plugin '\(plugin.id)' has no stage '\(stageID)' in this worker")
            }
            let folders = (open["plugin_folders"]?.arrayValue ?? []).compactMap { folder -> PluginFolder? in
                guard let path = folder["path"]?.stringValue else { return nil }
                return PluginFolder(path: path, origin: folder["origin"]?.stringValue ?? "worker", optional: true,
                                    namePrefix: folder["name_prefix"]?.stringValue)
            }
            // Only what a model reference needs is loaded, and only when one is used.
            let catalog = PluginCatalog.discover(PluginSearchPath(folders), wanted: [], index: PluginIndex(file: PluginIndex.defaultFile()))
            let projectDirectory = open["project_dir"]?.stringValue ?? FileManager.default.currentDirectoryPath
            let models = ModelLoader(catalog: catalog, sources: [
                BundleModelSource(directory: projectDirectory),
                HostModelSource(requests: requests, lookedIn: open["models_looked_in"]?.stringValue ?? "the host's model sources"),
            ], isolation: .worker)
            let context = StageContext(
                runID: open["run_id"]?.stringValue ?? "", stageName: open["stage_name"]?.stringValue ?? "",
                workDirectory: open["work_dir"]?.stringValue ?? "", projectDirectory: projectDirectory,
                events: { event in try? channel.send(WorkerMessage.encode(event)) },
                cancellation: cancellation, artifacts: HostArtifactStore(requests: requests), models: models,
                registry: open["registry"] == .bool(true) ? HostRegistry(requests: requests) : nil)
            live = try LiveStage(plugin: plugin, stage: stage, config: open["config"] ?? .object([:]), context: context)
            maxOutput = open["max_output"]?.doubleValue.map { Int($0) }
            stageName = context.stageName
        }

        /// Runs the stage on the frame's inputs; the reply and the descriptors to send with it.
        func run(_ frame: WorkerFrame) -> (JSONValue, [Int32]) {
            var outputs: [String: PortValue] = [:]
            var failure: SluiceError?
            do throws(SluiceError) {
                var inputs: [String: PortValue] = [:]
                let descriptions = frame.message["inputs"]?.arrayValue ?? []
                guard descriptions.count == frame.descriptors.count else {
                    for descriptor in frame.descriptors { close(descriptor) }
                    throw SluiceError(.workerChannel, "the host sent \(frame.descriptors.count) shared-memory files for \(descriptions.count) inputs")
                }
                for (description, descriptor) in zip(descriptions, frame.descriptors) {
                    let port = description["port"]?.stringValue ?? ""
                    inputs[port] = try SharedPayload.read(descriptor, description, what: "input '\(port)'")
                }
                outputs = try live.run(inputs: inputs)
            } catch {
                failure = error
            }
            var descriptions: [JSONValue] = [], descriptors: [Int32] = []
            if failure == nil {
                do throws(SluiceError) {
                    for (port, value) in outputs.sorted(by: { $0.key < $1.key }) {
                        let descriptor = try SharedPayload.write(value, name: port)
                        descriptors.append(descriptor)
                        descriptions.append(SharedPayload.describe(port: port, value))
                        let size = SharedPayload.size(descriptor)
                        if let maxOutput, size > maxOutput {
                            throw SluiceError(.workerOutputTooLarge, at: stageName,
                                              "\(live.reference) wrote \(ByteCount.text(size)) to output '\(port)', more than its max_output of \(ByteCount.text(maxOutput))")
                        }
                    }
                } catch {
                    for descriptor in descriptors { close(descriptor) }
                    descriptors = []
                    descriptions = []
                    failure = error
                }
            }
            var reply: [String: JSONValue] = [
                "op": .string("ran"), "ok": .bool(failure == nil),
                "artifacts": .object(JSONObject(live.artifacts.mapValues(JSONValue.string))),
                "media_types": .object(JSONObject(live.artifactMediaTypes.mapValues(JSONValue.string))),
                "outside_state": .bool(live.dependsOnOutsideState), "outputs": .array(descriptions),
            ]
            if let failure { reply["error"] = WorkerMessage.encode(failure) }
            return (.object(JSONObject(reply)), descriptors)
        }
    }
}
