import Dispatch
import Foundation
import SluiceArrow
import SluiceJSON
import SluicePlugins
import SluiceStore
import SluiceSupport
import Synchronization

/// The worker side of a `WorkerModel`: loads the model the host sent with exactly the
/// plugins the host chose, and answers predictions, several at once (the model
/// capability promises concurrent `predict`). The model's log lines go to the host.
final class WorkerModelSession: Sendable {
    private let channel: WorkerChannel
    private let model = Mutex<LoadedModel?>(nil)
    private let host: ModelHost

    init(channel: WorkerChannel) {
        self.channel = channel
        host = HostTable.modelHost { level, message in
            try? channel.send(WorkerMessage.encode(StageEvent.log(LogLevel(protocolValue: level), message)))
        }
    }

    /// `model_open`: the artifact's bytes come as the frame's descriptor.
    func open(_ frame: WorkerFrame) {
        var descriptors = frame.descriptors
        var reply: [String: JSONValue] = ["op": .string("reply"), "id": frame.message["id"] ?? .null, "ok": .bool(true)]
        do throws(SluiceError) {
            guard !descriptors.isEmpty else { throw SluiceError(.workerChannel, "the host's model_open carries no model") }
            let descriptor = descriptors.removeFirst()
            guard case .bytes(let bytes, _) = try SharedPayload.read(descriptor, .object(["kind": .string("bytes")]), what: "the model") else {
                throw SluiceError(.workerChannel, "the host's model_open carries no model bytes")
            }
            var plugins: [PluginInfo] = []
            for entry in frame.message["plugins"]?.arrayValue ?? [] {
                guard let path = entry["path"]?.stringValue else { continue }
                plugins.append(try PluginLoader.load(path, origin: entry["origin"]?.stringValue ?? "worker", inWorker: true))
            }
            let loader = ModelLoader(catalog: PluginCatalog(plugins: plugins), sources: [], isolation: .worker).logging(to: host)
            let what = frame.message["what"]?.stringValue ?? "model"
            let loaded = try loader.load(bytes.pointer, mediaType: frame.message["media_type"]?.stringValue, what: what)
            model.withLock { $0 = loaded }
            reply["plugin_id"] = .string(loaded.pluginID)
            reply["plugin_version"] = .string(loaded.pluginVersion)
            reply["media_type"] = .string(loaded.mediaType)
            reply["description"] = .string(loaded.descriptionJSON)
            reply["source"] = .string(String(cString: loaded.sourcePointer))
        } catch {
            reply["ok"] = .bool(false)
            reply["error"] = WorkerMessage.encode(error)
        }
        for descriptor in descriptors { Foundation.close(descriptor) }
        try? channel.send(.object(JSONObject(reply)))
    }

    /// `predict`, answered from another thread so that the next one can start.
    func predict(_ frame: WorkerFrame) {
        let loaded = model.withLock { $0 }
        DispatchQueue.global().async { [channel] in
            var reply: [String: JSONValue] = ["op": .string("reply"), "id": frame.message["id"] ?? .null, "ok": .bool(true)]
            var answer: Int32?
            var descriptors = frame.descriptors
            do throws(SluiceError) {
                guard let loaded else { throw SluiceError(.workerChannel, "the host asked for a prediction before loading a model") }
                guard !descriptors.isEmpty else { throw SluiceError(.workerChannel, "the host's predict carries no table") }
                let descriptor = descriptors.removeFirst()
                guard case .table(let table) = try SharedPayload.read(descriptor, .object(["kind": .string("table")]), what: "the table to predict") else {
                    throw SluiceError(.workerChannel, "the host's predict carries no table")
                }
                answer = try SharedPayload.write(.table(try loaded.predict(table)), name: "predictions")
            } catch {
                reply["ok"] = .bool(false)
                reply["error"] = WorkerMessage.encode(error)
            }
            for descriptor in descriptors { Foundation.close(descriptor) }
            try? channel.send(.object(JSONObject(reply)), descriptors: answer.map { [$0] } ?? [])
            if let answer { Foundation.close(answer) }
        }
    }

    /// Frees the model (its plugin's `free`) before the worker exits.
    func close() {
        model.withLock { $0 = nil }
    }
}
