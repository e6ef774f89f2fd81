import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceTestSupport
import Testing

/// `sluice serve` as a user runs it: a process serving a model file, answering HTTP on
/// loopback, logging predictions, and shutting down cleanly on SIGTERM.
@Suite struct ServeCommandTests {
    static let model = #"{"format":"fixture.linear/1","intercept":1,"coef":{"x":2}}"#

    /// A project folder with the C model fixture plugin in its plugins/ folder.
    func project() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
        _ = try compileFixture("plugins/libfixture_model.so", in: folder, defines: [
            "FIXTURE_WITH_MODEL", "FIXTURE_ID=\"fixture.model\"", "FIXTURE_KIND=SLUICE_STAGE_TRAINER",
        ])
        try folder.write("model.json", Self.model)
        return folder
    }

    @Test func servesAModelFileLogsPredictionsAndStopsCleanlyOnSIGTERM() throws {
        let folder = try project()
        defer { folder.remove() }
        let server = try ServeProcess(["serve", "--model-file", "model.json", "--port", "0"], directory: folder.path)
        defer { server.kill() }
        #expect(server.banner.contains("serving model version sha256:"))
        var answers: [Double] = []
        for x in 0..<20 {
            let response = try post(server.port, "/invocations", #"{"inputs":{"x":[\#(x)]}}"#)
            #expect(response.status == 200)
            #expect(response.headers["Sluice-Model-Version"]?.hasPrefix("sha256:") == true)
            answers += try #require((response.json["predictions"] as? [Double]))
        }
        #expect(answers == (0..<20).map { 2 * Double($0) + 1 })
        let live = try get(server.port, "/v2/health/live")
        #expect(live.status == 200)

        let status = server.terminate()
        #expect(status == 0, "\(server.stderr)")
        let logFolder = folder.file(".sluice/predictions/model")
        let files = try FileManager.default.contentsOfDirectory(atPath: logFolder)
        let lines = try files.flatMap { try String(contentsOfFile: logFolder + "/" + $0, encoding: .utf8).split(separator: "\n") }
        #expect(lines.count == 20, "every answered request is in the log after SIGTERM")
    }

    @Test func adminNeedsTheTokenFromTheEnvironment() throws {
        let folder = try project()
        defer { folder.remove() }
        let server = try ServeProcess(["serve", "--model-file", "model.json", "--port", "0", "--log-sample", "0"],
                                      directory: folder.path, environment: ["SLUICE_ADMIN_TOKEN": "t0ken"])
        defer { server.kill() }
        #expect(try post(server.port, "/admin/reload", "{}").status == 401)
        #expect(try post(server.port, "/admin/reload", "{}", token: "t0ken").status == 200)
        #expect(server.terminate() == 0)
    }

    @Test func servesTheRegisteredProductionVersionAndFollowsItsPromotions() throws {
        let folder = try project()
        defer { folder.remove() }
        try folder.write("model2.json", #"{"format":"fixture.linear/1","intercept":0,"coef":{"x":3}}"#)
        func sluice(_ arguments: String...) throws {
            let result = try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
            #expect(result.status == 0, "\(arguments): \(result)")
        }
        try sluice("models", "register", "house", "--model", "model.json")
        try sluice("models", "promote", "house:1", "--alias", "production", "--by", "ada")
        try sluice("models", "register", "house", "--model", "model2.json")

        let server = try ServeProcess(["serve", "--model", "house", "--port", "0", "--log-sample", "0", "--poll-seconds", "0.2"], directory: folder.path)
        defer { server.kill() }
        let before = try post(server.port, "/invocations", #"{"inputs":{"x":[2]}}"#)
        #expect(before.headers["Sluice-Model-Version"] == "1")
        #expect(before.json["predictions"] as? [Double] == [5])

        try sluice("models", "promote", "house:2", "--alias", "production", "--by", "ada", "--note", "steeper")
        var after = before
        for _ in 0..<100 where after.headers["Sluice-Model-Version"] != "2" {
            Thread.sleep(forTimeInterval: 0.1)
            after = try post(server.port, "/invocations", #"{"inputs":{"x":[2]}}"#)
            #expect(after.status == 200, "no request fails while the alias moves")
        }
        #expect(after.headers["Sluice-Model-Version"] == "2", "the server follows the production alias")
        #expect(after.json["predictions"] as? [Double] == [6])

        try sluice("models", "rollback", "house", "--alias", "production", "--by", "ada")
        var back = after
        for _ in 0..<100 where back.headers["Sluice-Model-Version"] != "1" {
            Thread.sleep(forTimeInterval: 0.1)
            back = try post(server.port, "/invocations", #"{"inputs":{"x":[2]}}"#)
            #expect(back.status == 200, "no request fails while rolling back")
        }
        #expect(back.headers["Sluice-Model-Version"] == "1", "a rollback is served too")
        #expect(server.terminate() == 0)
    }

    @Test func anUnknownRegisteredModelIsAUsageErrorNamingWhatIsRegistered() throws {
        let folder = try project()
        defer { folder.remove() }
        let registered = try runProcess(TestEnvironment.sluice(), ["models", "register", "house", "--model", "model.json"], directory: folder.path)
        #expect(registered.status == 0, "\(registered)")
        let result = try runProcess(TestEnvironment.sluice(), ["serve", "--model", "hose@production", "--port", "0"], directory: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("[registry.unknown-model]") && result.stderr.contains("house"), "\(result.stderr)")
    }

    @Test func aMissingModelFileIsAUsageError() throws {
        let folder = try project()
        defer { folder.remove() }
        let result = try runProcess(TestEnvironment.sluice(), ["serve", "--model-file", "nope.json", "--port", "0"], directory: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("nope.json"))
        #expect(result.stderr.contains("[serve.model-file]"))
    }

    @Test func aModelNoPluginLoadsIsAClearError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("model.json", Self.model)
        let result = try runProcess(TestEnvironment.sluice(), ["serve", "--model-file", "model.json", "--port", "0"], directory: folder.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("[model.no-plugin]"))
    }

    @Test func exactlyOneModelMustBeGiven() throws {
        let none = try runProcess(TestEnvironment.sluice(), ["serve"])
        #expect(none.status == 2, "a usage error, as for every command's option checks")
        #expect(none.stderr.contains("--model-file"))
        let both = try runProcess(TestEnvironment.sluice(), ["serve", "--model", "m", "--model-file", "m.json"])
        #expect(both.status == 2)
    }

    // MARK: HTTP

    struct Response {
        let status: Int
        let headers: [String: String]
        let json: [String: Any]
    }

    func get(_ port: Int, _ path: String) throws -> Response {
        try send(URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!))
    }

    func post(_ port: Int, _ path: String, _ body: String, token: String? = nil) throws -> Response {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        return try send(request)
    }

    private func send(_ request: URLRequest) throws -> Response {
        // @unchecked: written once by the completion handler, read after the semaphore.
        final class Box: @unchecked Sendable { var result: Result<Response, any Error>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let response = response as? HTTPURLResponse {
                let headers = Dictionary(uniqueKeysWithValues: response.allHeaderFields.map { ("\($0.key)", "\($0.value)") })
                let json = (data.flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any]) ?? [:]
                box.result = .success(Response(status: response.statusCode, headers: headers, json: json))
            } else {
                box.result = .failure(error ?? TestSetupError("no response"))
            }
            done.signal()
        }.resume()
        done.wait()
        return try box.result!.get()
    }
}

/// `sluice serve` running as a child process, with the port it printed.
final class ServeProcess {
    let process = Process()
    let port: Int
    let banner: String
    private let errors = Pipe()

    init(_ arguments: [String], directory: String, environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: try TestEnvironment.sluice())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // The first line says where it listens: "... on http://127.0.0.1:PORT".
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        banner = text
        guard let range = text.range(of: "http://127.0.0.1:"),
              let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            process.terminate()
            process.waitUntilExit()
            throw TestSetupError("sluice serve did not start: \(text) \(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
        }
        self.port = port
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    var stderr: String { String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }

    func kill() {
        if process.isRunning { process.terminate() }
    }
}
