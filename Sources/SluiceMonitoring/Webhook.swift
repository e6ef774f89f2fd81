import Foundation
import SluicePipeline
import SluiceProcess
import SluiceSupport

/// Posts a JSON document to a webhook (an alert receiver, a chat integration, a CI
/// trigger). Plain `http://` is spoken directly over a socket; `https://` goes through
/// `curl`, so that every sluice command does not pay for loading a TLS stack at start.
package struct Webhook: Sendable {
    package let url: String
    /// Seconds for connecting, sending and reading the answer.
    package let timeout: Double

    package init(url: String, timeout: Double = 10) {
        self.url = url
        self.timeout = timeout
    }

    /// Sends `body`; returns the HTTP status. Throws when the receiver cannot be reached
    /// or answers with anything but 2xx.
    @discardableResult
    package func post(_ body: Data) throws(SluiceError) -> Int {
        guard let address = WebhookURL(url) else {
            throw SluiceError(.webhookBadUrl, at: url, "not an http:// or https:// URL with a host")
        }
        let (parsed, host) = (address.components, address.host)
        let status = parsed.scheme == "https" ? try postWithCurl(body) : try postPlain(body, host: host, port: parsed.port ?? 80,
                                                                                          target: Self.target(parsed))
        guard (200..<300).contains(status) else {
            throw SluiceError(.webhookRejected, at: url, "the receiver answered HTTP \(status)")
        }
        return status
    }

    private static func target(_ url: URLComponents) -> String {
        let path = url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath
        return url.percentEncodedQuery.map { path + "?" + $0 } ?? path
    }

    private func postPlain(_ body: Data, host: String, port: Int, target: String) throws(SluiceError) -> Int {
        let socket = try connect(host: host, port: port)
        defer { close(socket) }
        let hostHeader = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var request = Data("POST \(target) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: sluice/\(SluiceVersion.host)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
        request.append(body)
        let sendError: Int32 = request.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let count = send(socket, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                guard count > 0 else { return errno }
                sent += count
            }
            return 0
        }
        if sendError != 0 { throw failure("sending the request", sendError) }
        var answer = [UInt8](repeating: 0, count: 512)
        var received = 0
        // Only the status line matters; read until it is complete.
        while received < answer.count, !answer[0..<received].contains(UInt8(ascii: "\n")) {
            let count = answer.withUnsafeMutableBytes { recv(socket, $0.baseAddress! + received, $0.count - received, 0) }
            guard count > 0 else {
                if count == 0 { break }
                throw failure("reading the answer", errno)
            }
            received += count
        }
        let line = String(decoding: answer[0..<received], as: UTF8.self).split(separator: "\r\n", maxSplits: 1).first ?? ""
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw SluiceError(.webhookBadAnswer, at: url, "the receiver did not answer with HTTP (got \(received) bytes: \(line.prefix(60)))")
        }
        return status
    }

    private func connect(host: String, port: Int) throws(SluiceError) -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let list else {
            throw SluiceError(.webhookUnreachable, at: url, "cannot resolve '\(host)': \(String(cString: gai_strerror(resolved)))")
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = 0
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let address = entry {
            entry = address.pointee.ai_next
            let socket = Glibc.socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard socket >= 0 else { lastError = errno; continue }
            var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
            setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            if Glibc.connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return socket }
            lastError = errno
            close(socket)
        }
        throw failure("connecting to \(host):\(port)", lastError)
    }

    private func failure(_ action: String, _ code: Int32) -> SluiceError {
        let reason = code == EAGAIN || code == EWOULDBLOCK ? "no answer within \(Int(timeout)) s" : String(cString: strerror(code))
        return SluiceError(.webhookUnreachable, at: url, "\(action): \(reason). Check that the receiver is running and the URL is right")
    }

    private func postWithCurl(_ body: Data) throws(SluiceError) -> Int {
        let arguments = ["--silent", "--show-error", "--max-time", String(Int(timeout.rounded(.up))), "--output", "/dev/null",
                         "--write-out", "%{http_code}", "--header", "Content-Type: application/json", "--data-binary", "@-", url]
        // curl keeps its own --max-time; the extra seconds only stop a curl that hangs past it.
        let curl = Subprocess("curl", arguments: arguments, standardInput: .bytes(Array(body)), standardOutput: .capture(limit: 64),
                              standardError: .capture(limit: 65536), timeout: .seconds(timeout + 5))
        let result: SubprocessResult
        do { result = try curl.run() } catch {
            throw SluiceError(.webhookNoCurl, at: url, "https webhooks are posted with curl, which could not be started (\(error.message)). Install curl (apt-get install curl)", cause: error)
        }
        guard result.succeeded, let status = Int(result.outputText) else {
            let reason = result.errorText.trimmingCharacters(in: .whitespacesAndNewlines)
            throw SluiceError(.webhookUnreachable, at: url, reason.isEmpty ? "curl failed: \(result.termination)" : reason)
        }
        return status
    }
}
