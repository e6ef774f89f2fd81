import Foundation
import Synchronization

/// A webhook receiver on 127.0.0.1 for tests: accepts connections on a background
/// thread, keeps each request (method, path, body) and answers with `status`.
package final class LoopbackReceiver: Sendable {
    package struct Request: Sendable {
        package let method: String
        package let path: String
        package let body: Data
    }

    package let port: Int
    private let listener: Int32
    private let inbox = Inbox()

    private final class Inbox: Sendable {
        let requests = Mutex<[Request]>([])
    }

    package init(status: Int = 204) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        guard bound, listen(listener, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        port = Int(UInt16(bigEndian: address.sin_port))
        let inbox = inbox
        Thread.detachNewThread {
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                if let request = Self.read(connection) { inbox.requests.withLock { $0.append(request) } }
                let answer = "HTTP/1.1 \(status) Test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                _ = answer.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                close(connection)
            }
        }
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    package var url: String { "http://127.0.0.1:\(port)/hooks/drift" }

    package var received: [Request] { inbox.requests.withLock { $0 } }

    /// Reads one request: headers, then Content-Length bytes of body.
    private static func read(_ connection: Int32) -> Request? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            data.append(contentsOf: buffer[0..<count])
            guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
            let lines = head.components(separatedBy: "\r\n")
            let length = lines.dropFirst().compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                return parts.count == 2 && parts[0].lowercased() == "content-length" ? Int(parts[1].trimmingCharacters(in: .whitespaces)) : nil
            }.first ?? 0
            while data.count - end.upperBound < length {
                let more = recv(connection, &buffer, buffer.count, 0)
                guard more > 0 else { return nil }
                data.append(contentsOf: buffer[0..<more])
            }
            let requestLine = lines[0].split(separator: " ")
            guard requestLine.count >= 2 else { return nil }
            return Request(method: String(requestLine[0]), path: String(requestLine[1]), body: data[end.upperBound..<(end.upperBound + length)])
        }
    }
}
