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

    /// Tables up to this many rows are predicted on the channel's thread, which saves a
    /// thread hop (a third of a 1-row round trip); larger ones on another thread, so
    /// that predictions of several requests run at once.
    private static let inlineRows = 256

    /// `predict`: the table comes as the frame's descriptor.
    func predict(_ frame: WorkerFrame) {
        let id = frame.message["id"] ?? .null
        var descriptors = frame.descriptors
        let table: ArrowTable
        do throws(SluiceError) {
            guard !descriptors.isEmpty else { throw SluiceError(.workerChannel, "the host's predict carries no table") }
            let descriptor = descriptors.removeFirst()
            for extra in descriptors { Foundation.close(extra) }
            guard case .table(let read) = try SharedPayload.read(descriptor, .object(["kind": .string("table")]), what: "the table to predict") else {
                throw SluiceError(.workerChannel, "the host's predict carries no table")
            }
            table = read
        } catch {
            answer(id, .failure(error))
            return
        }
        let loaded = model.withLock { $0 }
        let work: @Sendable () -> Void = { [self] in
            guard let loaded else {
                answer(id, .failure(SluiceError(.workerChannel, "the host asked for a prediction before loading a model")))
                return
            }
            answer(id, Result { () throws(SluiceError) -> ArrowTable in try loaded.predict(table) })
        }
        if table.rowCount <= Self.inlineRows { work() } else { DispatchQueue.global().async(execute: work) }
    }

    private func answer(_ id: JSONValue, _ outcome: Result<ArrowTable, SluiceError>) {
        var reply: [String: JSONValue] = ["op": .string("reply"), "id": id, "ok": .bool(true)]
        var descriptor: Int32?
        do throws(SluiceError) {
            descriptor = try SharedPayload.write(.table(try outcome.get()), name: "predictions")
        } catch {
            reply["ok"] = .bool(false)
            reply["error"] = WorkerMessage.encode(error)
        }
        try? channel.send(.object(JSONObject(reply)), descriptors: descriptor.map { [$0] } ?? [])
        if let descriptor { Foundation.close(descriptor) }
    }

    /// Frees the model (its plugin's `free`) before the worker exits.
    func close() {
        model.withLock { $0 = nil }
    }
}
