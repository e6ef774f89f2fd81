import Foundation
import SluiceJSON
import SluiceSupport
import Synchronization

/// The worker's calls to the host (store an artifact, resolve a model, use the
/// registry): each is a request frame with an id, answered by a `reply` frame with the
/// same id. Plugin threads call `call` and block; the worker's reader thread hands
/// replies over with `deliver`.
package final class WorkerRequests: Sendable {
    private let channel: WorkerChannel
    private let state = Mutex<(next: Int, waiting: [Int: Waiter], closed: Bool)>((1, [:], false))

    private final class Waiter: @unchecked Sendable {
        // @unchecked: `reply` is written once before `ready` is signalled, read after.
        let ready = DispatchSemaphore(value: 0)
        var reply: WorkerFrame?
    }

    package init(channel: WorkerChannel) {
        self.channel = channel
    }

    /// Sends `request` (an object with `op`) and waits for the host's reply. A reply with
    /// `"ok": false` is thrown as the error it carries.
    package func call(_ request: JSONValue, descriptors: [Int32] = []) throws(SluiceError) -> WorkerFrame {
        let waiter = Waiter()
        let id: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            let id = state.next
            state.next += 1
            state.waiting[id] = waiter
            return id
        }
        guard let id else { throw SluiceError(.workerChannel, "the host closed the channel") }
        let message = WorkerMessage.setting("id", .integer(Int64(id)), in: request)
        do {
            try channel.send(message, descriptors: descriptors)
        } catch {
            _ = state.withLock { $0.waiting.removeValue(forKey: id) }
            throw error
        }
        waiter.ready.wait()
        guard let reply = waiter.reply else { throw SluiceError(.workerChannel, "the host closed the channel before answering") }
        if case .bool(false)? = reply.message["ok"] { throw WorkerMessage.decodeError(reply.message["error"]) }
        return reply
    }

    /// Hands a `reply` frame to the call waiting for it.
    package func deliver(_ frame: WorkerFrame) {
        guard let id = frame.message["id"]?.doubleValue.map({ Int($0) }),
              let waiter = state.withLock({ $0.waiting.removeValue(forKey: id) }) else {
            for descriptor in frame.descriptors { close(descriptor) }
            return
        }
        waiter.reply = frame
        waiter.ready.signal()
    }

    /// Wakes every waiting call with an error: the channel is gone.
    package func closeAll() {
        let waiting = state.withLock { state in
            state.closed = true
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for waiter in waiting { waiter.ready.signal() }
    }
}
