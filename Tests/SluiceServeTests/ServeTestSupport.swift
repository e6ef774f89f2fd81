import Foundation
import SluiceEngine
import SluicePlugins
import SluiceServe
import SluiceSupport
import SluiceTestSupport
import Synchronization

/// The C fixture plugin with the model capability, compiled once per test process.
enum ModelFixture {
    /// `{"format":"fixture.linear/1",...}`: prediction = intercept + Σ coef·feature.
    static func linear(intercept: Double, _ coefficients: KeyValuePairs<String, Double>) -> String {
        let coef = coefficients.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
        return "{\"format\":\"fixture.linear/1\",\"intercept\":\(intercept),\"coef\":{\(coef)}}"
    }

    /// An artifact the plugin recognises but cannot load.
    static let broken = "{\"format\":\"fixture.linear/1\",\"coef\":{}}"

    private static let folder: Result<TemporaryFolder, any Error> = Result {
        let folder = try TemporaryFolder()
        _ = try compileFixture("libfixture_model.so", in: folder, defines: [
            "FIXTURE_WITH_MODEL", "FIXTURE_ID=\"fixture.model\"", "FIXTURE_KIND=SLUICE_STAGE_TRAINER",
        ])
        return folder
    }

    /// The folder holding the compiled plugin.
    static func pluginFolder() throws -> String { try folder.get().path }

    static func loader() throws -> ModelLoader {
        let catalog = PluginCatalog.discover(PluginSearchPath([PluginFolder(path: try pluginFolder(), origin: "test")]))
        guard catalog.problems.isEmpty else { throw TestSetupError("the model fixture did not load: \(catalog.problems)") }
        return ModelLoader(catalog: catalog)
    }

    static func artifact(_ text: String, origin: String = "test") -> ModelArtifact {
        ModelArtifact(bytes: .from(Data(text.utf8)), mediaType: nil, origin: origin)
    }
}

/// A `ServedModels` whose plan the test changes, as the registry would when an
/// alias moves: each change is a new revision.
final class TestModels: ServedModels {
    private struct State {
        var primary: (label: String, text: String)
        var canary: (label: String, text: String)?
        var percent: Double
        var revision: Int64
    }

    private let state: Mutex<State>

    init(primary: (label: String, text: String), canary: (label: String, text: String)? = nil, percent: Double = 0) {
        state = Mutex(State(primary: primary, canary: canary, percent: percent, revision: 1))
    }

    func set(primary: (label: String, text: String), canary: (label: String, text: String)? = nil, percent: Double = 0) {
        state.withLock { state in
            state = State(primary: primary, canary: canary, percent: percent, revision: state.revision + 1)
        }
    }

    func resolve(name: String, alias: String?) throws(SluiceError) -> ServingPlan {
        let state = state.withLock { $0 }
        let primary = ServingPlan.Version(label: state.primary.label, artifact: ModelFixture.artifact(state.primary.text, origin: "\(name):\(state.primary.label)"))
        let canary = state.canary.map { ServingPlan.Version(label: $0.label, artifact: ModelFixture.artifact($0.text, origin: "\(name):\($0.label)")) }
        return ServingPlan(primary: primary, canary: canary, canaryPercent: state.percent)
    }

    func revision(name: String) throws(SluiceError) -> Int64 {
        state.withLock { $0.revision }
    }
}

/// A server running in this process on a free loopback port.
final class LiveServer: Sendable {
    let server: ModelServer
    let port: Int
    private let task: Task<Void, any Error>

    /// Starts serving `models` as `name`; polls for changes every `poll` (long by
    /// default: tests reload explicitly instead of waiting).
    static func start(_ models: any ServedModels, name: String = "m", poll: Duration = .seconds(3600),
                      adminToken: String? = nil, maxBodyBytes: Int = 1 << 20,
                      log: PredictionLogConfiguration? = nil, driftReports: DriftGauges.Source? = nil) async throws -> LiveServer {
        var configuration = ServeConfiguration()
        configuration.port = 0
        configuration.pollInterval = poll
        configuration.adminToken = adminToken
        configuration.maxBodyBytes = maxBodyBytes
        configuration.predictionLog = log
        configuration.driftReports = driftReports
        let events = EventLog()
        let server = try ModelServer(name: name, alias: nil, source: models, loader: try ModelFixture.loader(),
                                     configuration: configuration, log: { line in events.lines.withLock { $0.append(line) } })
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            defer { continuation.finish() }
            try await server.run(handleSignals: false) { port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestSetupError("the server did not start: \(await task.result)") }
        return LiveServer(server: server, port: port, task: task, events: events)
    }

    private let events: EventLog

    private init(server: ModelServer, port: Int, task: Task<Void, any Error>, events: EventLog) {
        self.server = server
        self.port = port
        self.task = task
        self.events = events
    }

    /// What the server logged (reloads, failures).
    var logged: [String] { events.lines.withLock { $0 } }

    /// Stops the server gracefully and waits until it has (the prediction log is then closed).
    func stop() async {
        await server.shutdown()
        _ = try? await task.value
    }

    /// Sends requests from a fresh connection on a thread of its own.
    func client<T: Sendable>(_ body: @escaping @Sendable (HTTPTestClient) throws -> T) async throws -> T {
        let port = self.port
        return try await onThread { try body(HTTPTestClient(port: port)) }
    }
}

final class EventLog: Sendable {
    let lines = Mutex<[String]>([])
}

// @unchecked: a response is immutable once read; its JSON is parsed on demand.
extension HTTPTestClient.Response: @unchecked Sendable {}
