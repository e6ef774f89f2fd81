import CSluiceWorker
import Foundation
import SluiceArrow
import SluiceJSON
import SluiceStore
import SluiceSupport

/// Tables and bytes handed between the host and a worker: the sender writes each into
/// a shared-memory file of its own (memfd) and passes the descriptor with the message;
/// the receiver maps it. Nothing bulky goes through the socket, and a table arrives as
/// an Arrow IPC file whose buffers the receiver reads in place.
package enum SharedPayload {
    /// How a value is described beside its descriptor: `{"port", "kind", "media_type"}`.
    package static func describe(port: String, _ value: PortValue) -> JSONValue {
        switch value {
        case .table: .object(["port": .string(port), "kind": .string("table")])
        case .bytes(_, let mediaType): .object(["port": .string(port), "kind": .string("bytes"), "media_type": .string(mediaType)])
        }
    }

    /// A new shared-memory file holding `value`, or, for a table that is a mapped
    /// Arrow IPC file (a stored artifact), that file opened read-only: the other side
    /// maps the same pages and nothing is copied. The caller owns the descriptor.
    package static func write(_ value: PortValue, name: String) throws(SluiceError) -> Int32 {
        if case .table(let table) = value, let file = table.mappedFile {
            let descriptor = open(file, O_RDONLY | O_CLOEXEC)
            if descriptor >= 0 { return descriptor }
        }
        let descriptor = sluice_memfd("sluice-" + name)
        guard descriptor >= 0 else {
            throw SluiceError(.workerSharedMemory, at: name, "could not make a shared-memory file: \(String(cString: strerror(errno)))")
        }
        do {
            switch value {
            case .table(let table):
                try ArrowIPCFileWriter.write(table, toDescriptor: descriptor, path: "shared memory '\(name)'")
            case .bytes(let buffer, _):
                try writeAll(descriptor, buffer.pointer, name: name)
            }
            return descriptor
        } catch {
            close(descriptor)
            throw SluiceError(.workerSharedMemory, at: name, "could not write to shared memory (is /dev/shm full?): \(error)")
        }
    }

    /// The size of the file behind `descriptor`, in bytes.
    package static func size(_ descriptor: Int32) -> Int {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    }

    /// The value the other side wrote into `descriptor` (closed here), as `description`
    /// (from `describe`) says. A table's buffers map the file, which stays alive while
    /// they do.
    package static func read(_ descriptor: Int32, _ description: JSONValue, what: String) throws(SluiceError) -> PortValue {
        defer { close(descriptor) }
        switch description["kind"]?.stringValue {
        case "table":
            do {
                return .table(try ArrowIPCFileReader.read(descriptor: descriptor, path: what))
            } catch {
                throw SluiceError(.workerSharedMemory, at: what, "the table handed over is not a readable Arrow IPC file: \(error)")
            }
        case "bytes":
            let size = size(descriptor)
            guard let mapping = size == 0 ? nil : mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0), mapping != MAP_FAILED else {
                if size == 0 { return .bytes(ByteBuffer(copying: UnsafeRawBufferPointer(start: nil, count: 0)), mediaType: mediaType(description)) }
                throw SluiceError(.workerSharedMemory, at: what, "could not map the bytes handed over: \(String(cString: strerror(errno)))")
            }
            defer { munmap(mapping, size) }
            return .bytes(ByteBuffer(copying: UnsafeRawBufferPointer(start: mapping, count: size)), mediaType: mediaType(description))
        default:
            throw SluiceError(.workerChannel, at: what, "the value handed over has no known kind (\(description.canonicalText))")
        }
    }

    private static func mediaType(_ description: JSONValue) -> String {
        description["media_type"]?.stringValue ?? "application/octet-stream"
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, name: String) throws(SluiceError) {
        var done = 0
        while done < bytes.count {
            let count = Foundation.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw SluiceError(.workerSharedMemory, at: name, "could not write to shared memory (is /dev/shm full?): \(String(cString: strerror(errno)))")
            }
            done += count
        }
    }
}
