import CSluiceWorker
import Foundation
import SluiceJSON
import SluiceSupport
import Synchronization

/// One message between the host and a plugin worker: a JSON object, and the
/// descriptors (shared-memory files holding tables and bytes) that travel with it. The
/// receiver owns the descriptors.
package struct WorkerFrame: Sendable {
    package var message: JSONValue
    package var descriptors: [Int32]

    package init(_ message: JSONValue, descriptors: [Int32] = []) {
        self.message = message
        self.descriptors = descriptors
    }

    /// The message's `op`, what it asks or answers.
    package var op: String { message["op"]?.stringValue ?? "" }
}

/// The host's or the worker's end of their Unix socket. A frame on the wire is an 8-byte
/// header (little-endian u32 length of the JSON text, u32 zero) with the descriptors
/// attached to it, then the JSON text: small control messages only, since bulk data
/// goes through shared memory. Sending is safe from any thread; one thread receives.
package final class WorkerChannel: Sendable {
    package let descriptor: Int32
    private let sending = Mutex(())
    /// JSON texts above this are a protocol error, not an allocation.
    private static let largestMessage = 64 << 20

    package init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { Foundation.close(descriptor) }

    /// A connected pair of close-on-exec stream sockets: (host end, worker end).
    package static func pair() throws(SluiceError) -> (host: Int32, worker: Int32) {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw SluiceError(.workerStart, "could not make a socket pair for a plugin worker: \(String(cString: strerror(errno)))")
        }
        return (ends[0], ends[1])
    }

    package func send(_ message: JSONValue, descriptors: [Int32] = []) throws(SluiceError) {
        // Header and text in one buffer: one system call per frame.
        let text = message.canonicalText.utf8
        var frame = [UInt8](repeating: 0, count: 8)
        frame.reserveCapacity(8 + text.count)
        withUnsafeBytes(of: UInt32(text.count).littleEndian) { frame.replaceSubrange(0..<4, with: $0) }
        frame.append(contentsOf: text)
        let failed = sending.withLock { _ -> Int32? in
            let sent = frame.withUnsafeBytes { bytes in
                descriptors.withUnsafeBufferPointer { sluice_send_with_fds(descriptor, bytes.baseAddress, bytes.count, $0.baseAddress, Int32($0.count)) }
            }
            return sent == 0 ? nil : errno
        }
        if let failed {
            throw SluiceError(.workerChannel, "the plugin worker's channel is closed (\(String(cString: strerror(failed))))")
        }
    }

    /// The next frame; nil when nothing came within `milliseconds` (nil waits forever).
    /// Throws `worker.channel` when the other end closed the channel.
    package func receive(within milliseconds: Int? = nil) throws(SluiceError) -> WorkerFrame? {
        if let milliseconds {
            let ready = sluice_wait_readable(descriptor, Int32(clamping: milliseconds))
            if ready == 0 { return nil }
        }
        var header = [UInt8](repeating: 0, count: 8)
        var descriptors = [Int32](repeating: -1, count: 64)
        var count: Int32 = 0
        let got = header.withUnsafeMutableBytes { bytes in
            descriptors.withUnsafeMutableBufferPointer { sluice_receive_with_fds(descriptor, bytes.baseAddress, 8, $0.baseAddress, 64, &count) }
        }
        guard got == 1 else { throw closed(got == 0 ? nil : errno) }
        let received = Array(descriptors.prefix(Int(count)))
        let length = header.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) }
        guard length <= Self.largestMessage else {
            for descriptor in received { Foundation.close(descriptor) }
            throw SluiceError(.workerChannel, "the plugin worker sent a message of \(length) bytes, more than the protocol allows: it is not a sluice worker of this version")
        }
        var text = [UInt8](repeating: 0, count: length)
        var extra: Int32 = 0
        var ignored = [Int32](repeating: -1, count: 1)
        let gotText = length == 0 ? 1 : text.withUnsafeMutableBytes { sluice_receive_with_fds(descriptor, $0.baseAddress, length, &ignored, 0, &extra) }
        guard gotText == 1 else {
            for descriptor in received { Foundation.close(descriptor) }
            throw closed(gotText == 0 ? nil : errno)
        }
        do {
            return WorkerFrame(try JSONValue.parse(text), descriptors: received)
        } catch {
            for descriptor in received { Foundation.close(descriptor) }
            throw SluiceError(.workerChannel, "the plugin worker sent a message that is not JSON (\(error))")
        }
    }

    private func closed(_ number: Int32?) -> SluiceError {
        SluiceError(.workerChannel, "the plugin worker's channel closed" + (number.map { " (\(String(cString: strerror($0))))" } ?? ""))
    }
}
