import Foundation

/// A minimal HTTP/1.1 client over a blocking loopback socket, for the tests: one
/// keep-alive connection, requests with Content-Length, responses read by their
/// Content-Length. Blocking, so run it on its own thread (`onThread`), never on the
/// concurrency pool the server's handlers need.
final class HTTPTestClient {
    struct Response {
        let status: Int
        let headers: [String: String]
        let body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
        /// The body as a JSON object (empty when it is not one).
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        /// The header that names the answering version.
        var version: String? { headers["sluice-model-version"] }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let port: Int
    private var socket: Int32 = -1

    init(port: Int) {
        self.port = port
    }

    deinit { disconnect() }

    func get(_ path: String, headers: [String: String] = [:]) throws -> Response {
        try send("GET", path, body: nil, headers: headers)
    }

    func post(_ path: String, _ body: String, headers: [String: String] = [:]) throws -> Response {
        try send("POST", path, body: Data(body.utf8), headers: headers)
    }

    /// Sends one request; reconnects once if the kept-alive connection was closed.
    func send(_ method: String, _ path: String, body: Data?, headers: [String: String] = [:]) throws -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        head += "\r\n"
        var request = Data(head.utf8)
        if let body { request += body }
        for attempt in 0..<2 {
            if socket < 0 { try connect() }
            do {
                try write(request)
                return try readResponse()
            } catch let failure as Failure where attempt == 0 && failure.description.hasPrefix("closed") {
                disconnect()
            }
        }
        throw Failure(description: "the server closed the connection twice")
    }

    /// Writes raw bytes and reads one response: for malformed requests and partial bodies.
    func raw(_ bytes: Data) throws -> Response {
        if socket < 0 { try connect() }
        try write(bytes)
        return try readResponse()
    }

    func disconnect() {
        if socket >= 0 { close(socket) }
        socket = -1
        buffer.removeAll()
    }

    private func connect() throws {
        socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            disconnect()
            throw Failure(description: "cannot connect to 127.0.0.1:\(port)")
        }
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    private func write(_ data: Data) throws {
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Foundation.send(socket, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                guard count > 0 else { throw Failure(description: "closed while writing") }
                offset += count
            }
        }
    }

    private var buffer = Data()

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(socket, &chunk, chunk.count, 0)
        guard count > 0 else { throw Failure(description: "closed while reading") }
        buffer.append(contentsOf: chunk[0..<count])
    }

    private func readResponse() throws -> Response {
        let separator = Data("\r\n\r\n".utf8)
        var end = buffer.range(of: separator)
        while end == nil {
            try fill()
            end = buffer.range(of: separator)
        }
        let head = String(decoding: buffer[buffer.startIndex..<end!.lowerBound], as: UTF8.self)
        buffer.removeSubrange(buffer.startIndex..<end!.upperBound)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Failure(description: "bad status line: \(head)") }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < length { try fill() }
        let body = buffer.prefix(length)
        buffer.removeFirst(length)
        buffer = Data(buffer)
        if headers["connection"]?.lowercased() == "close" { disconnect() }
        return Response(status: status, headers: headers, body: Data(body))
    }
}

/// Runs blocking work on a thread of its own and waits for it without blocking the
/// concurrency pool (which the in-process server needs to answer).
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
}
