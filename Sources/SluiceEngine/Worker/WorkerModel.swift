import Foundation
import SluiceArrow
import SluiceJSON
import SluicePlugins
import SluiceProcess
import SluiceStore
import SluiceSupport
import Synchronization

/// A model loaded in a child `sluice worker` of its own: the plugin's code never runs
/// in this process, so a model that crashes takes down only its worker. The request
/// that was being answered fails with the reason (`worker.died`, which the server
/// answers with 503); the next request starts a fresh worker and loads the model again.
/// Predictions may run concurrently: each is a request with an id on one channel, and
/// the worker answers them from several threads, as the model capability allows.
package final class WorkerModel: Sendable {
    /// What the worker said about the model it loaded (plugin, media type, description).
    package let opened: Opened
    private let artifact: ByteBuffer
    private let mediaType: String?
    private let what: String
    private let plugins: [PluginInfo]
    private let executable: String
    private let grace: TimeInterval
    private let log: ModelHost?
    private let connection: Mutex<Connection?>

    package struct Opened: Sendable {
        package let pluginID: String
        package let pluginVersion: String
        package let mediaType: String
        package let description: String
        /// The model's source JSON, as "sluice.models/1" `source` gives it.
        package let source: String
    }

    /// Starts a worker and has it load `artifact` with `plugins` (every plugin the
    /// model needs: an inference pipeline's steps and its model's). Model log lines
    /// (ABI 1.1 model host) go where `log`'s do.
    package init(artifact: ByteBuffer, mediaType: String?, what: String, plugins: [PluginInfo], executable: String,
                 grace: TimeInterval, log: ModelHost?) throws(SluiceError) {
        self.artifact = artifact
        self.mediaType = mediaType
        self.what = what
        self.plugins = plugins
        self.executable = executable
        self.grace = grace
        self.log = log
        let (first, opened) = try Self.open(artifact: artifact, mediaType: mediaType, what: what, plugins: plugins,
                                            executable: executable, log: log)
        self.opened = opened
        connection = Mutex(first)
    }

    deinit {
        connection.withLock { $0 }?.close(grace: grace)
    }

    /// The plugins the model runs, as "plugin 'id'" for messages.
    private var pluginNames: String { plugins.map { "'\($0.id)'" }.joined(separator: ", ") }

    /// Predicts `table` in the worker; a worker that died before answering is an error
    /// saying how, and is replaced for the next call.
    package func predict(_ table: ArrowTable) throws(SluiceError) -> ArrowTable {
        let live = try current()
        let descriptor = try SharedPayload.write(.table(table), name: "predict")
        defer { close(descriptor) }
        let reply: WorkerFrame
        do {
            reply = try live.requests.call(.object(["op": .string("predict")]), descriptors: [descriptor])
        } catch {
            if let death = live.death(what: what, plugins: pluginNames) { throw death }
            throw error
        }
        var descriptors = reply.descriptors
        defer { for descriptor in descriptors { close(descriptor) } }
        guard !descriptors.isEmpty else {
            throw SluiceError(.workerChannel, at: what, "the model worker answered a prediction without a table")
        }
        let output = descriptors.removeFirst()
        guard case .table(let predictions) = try SharedPayload.read(output, .object(["kind": .string("table")]), what: "the predictions of \(what)") else {
            throw SluiceError(.workerChannel, at: what, "the model worker answered a prediction without a table")
        }
        return predictions
    }

    /// The live connection, or a new worker with the model loaded again when the last
    /// one died.
    private func current() throws(SluiceError) -> Connection {
        try connection.withLock { (live: inout Connection?) throws(SluiceError) -> Connection in
            if let live, !live.isDead { return live }
            let (fresh, _) = try Self.open(artifact: artifact, mediaType: mediaType, what: what, plugins: plugins,
                                           executable: executable, log: log)
            log?.log(Int32(LogLevel.warning.rawValue), "started a new worker for model \(what) (plugin \(pluginNames)): the last one died")
            live = fresh
            return fresh
        }
    }

    private static func open(artifact: ByteBuffer, mediaType: String?, what: String, plugins: [PluginInfo], executable: String,
                             log: ModelHost?) throws(SluiceError) -> (Connection, Opened) {
        let live = try Connection(executable: executable, what: what, log: log)
        let descriptor: Int32
        do {
            descriptor = try SharedPayload.write(.bytes(artifact, mediaType: mediaType ?? ""), name: "model")
        } catch {
            live.close(grace: 0)
            throw error
        }
        defer { close(descriptor) }
        let request: JSONValue = .object([
            "op": .string("model_open"), "media_type": mediaType.map(JSONValue.string) ?? .null, "what": .string(what),
            "plugins": .array(plugins.map { .object(["path": .string($0.path), "origin": .string($0.origin)]) }),
        ])
        let reply: WorkerFrame
        do {
            reply = try live.requests.call(request, descriptors: [descriptor])
        } catch {
            let names = plugins.map { "'\($0.id)'" }.joined(separator: ", ")
            let failure = live.death(what: what, plugins: names) ?? error
            live.close(grace: 0)
            throw failure
        }
        for descriptor in reply.descriptors { close(descriptor) }
        let message = reply.message
        return (live, Opened(
            pluginID: message["plugin_id"]?.stringValue ?? "", pluginVersion: message["plugin_version"]?.stringValue ?? "",
            mediaType: message["media_type"]?.stringValue ?? mediaType ?? "application/octet-stream",
            description: message["description"]?.stringValue ?? "", source: message["source"]?.stringValue ?? "{}"))
    }

    /// One worker process and its channel. A reader thread hands replies to the waiting
    /// calls and model log lines to the log; when the channel closes it reaps the
    /// worker, so that a waiting call can say how it died.
    private final class Connection: Sendable {
        let process: ChildProcess
        let channel: WorkerChannel
        let requests: WorkerRequests
        private let ending = Mutex<ChildProcess.Ending?>(nil)
        private let dead = Atomic<Bool>(false)
        private let closing = Atomic<Bool>(false)

        init(executable: String, what: String, log: ModelHost?) throws(SluiceError) {
            (process, channel) = try WorkerLaunch.start(executable, arguments: ["worker"], what: "model", at: what)
            requests = WorkerRequests(channel: channel)
            let reader = Thread { [self] in
                while true {
                    let frame: WorkerFrame?
                    do { frame = try channel.receive() } catch { break }
                    guard let frame else { continue }
                    switch frame.op {
                    case "reply": requests.deliver(frame)
                    case "event":
                        if case .log(let level, let message)? = WorkerMessage.decodeEvent(frame.message) {
                            log?.log(Int32(level.rawValue), message)
                        }
                        for descriptor in frame.descriptors { Foundation.close(descriptor) }
                    default:
                        for descriptor in frame.descriptors { Foundation.close(descriptor) }
                    }
                }
                // Reaped before the waiting calls wake, so they can say how it ended.
                let ended = process.wait()
                ending.withLock { $0 = ended }
                dead.store(true, ordering: .releasing)
                requests.closeAll()
            }
            reader.name = "model worker channel"
            reader.start()
        }

        var isDead: Bool { dead.load(ordering: .acquiring) }

        /// The error for a call that failed because the worker ended; nil while it lives.
        func death(what: String, plugins: String) -> SluiceError? {
            // The reader marks the worker dead just after the call woke: wait for it briefly.
            for _ in 0..<200 where !isDead { usleep(1_000) }
            guard let ended = ending.withLock({ $0 }) else { return nil }
            let how: String
            switch ended.status {
            case .signalled(let signal): how = "was killed by \(WorkerDeath.name(of: signal))"
            case .exited(let code): how = "exited with status \(code)"
            }
            return SluiceError(.workerDied, at: what, "the worker running model \(what) (plugin \(plugins)) \(how) while answering; the plugin crashed. A new worker loads the model for the next request")
        }

        /// Asks the worker to exit; kills it if it has not within `grace`. Does not
        /// block: the reader thread reaps it when its channel closes.
        func close(grace: TimeInterval) {
            guard !closing.exchange(true, ordering: .relaxed) else { return }
            try? channel.send(.object(["op": .string("close")]))
            DispatchQueue.global().asyncAfter(deadline: .now() + max(grace, 0.05)) { [self] in
                if ending.withLock({ $0 }) == nil { process.signal(SIGKILL) }
            }
        }
    }
}
