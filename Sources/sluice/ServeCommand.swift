import ArgumentParser
import Dispatch
import Foundation
import SluiceEngine
import SluiceRegistry
import SluiceServe
import SluiceStore
import SluiceSupport
import Synchronization

/// `sluice serve`: serves a model over HTTP until SIGINT or SIGTERM.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves a model over HTTP: Open Inference Protocol v2, MLflow-style /invocations, Prometheus /metrics.",
        discussion: """
        Predictions go through the model's plugin (of a bundle folder: the plugins it carries, \
        every file checked against its manifest first). Every response names the version that answered \
        (header Sluice-Model-Version). The served versions are checked every second and reloaded \
        when they change; predictions are logged to PROJECT/.sluice/predictions/NAME/.

        When PROJECT has recorded runs, /metrics also shows the latest drift report of every \
        drift stage in the project (every pipeline and stage that stored a drift_report.json, \
        whichever model it names; a failed drift gate counts): sluice_drift_value, \
        sluice_drift_statistic, sluice_drift_detected, sluice_drift_report_timestamp_seconds, \
        with the labels model, pipeline, stage, feature and statistic.
        """
    )

    @Option(name: .customLong("model"), help: "A registered model, NAME or NAME@ALIAS (default alias: production), or a bundle folder of sluice.deploy/export.")
    var model: String?

    @Option(name: .customLong("model-file"), help: "Serve a model artifact file, or a bundle folder of sluice.deploy/export with the plugins in it, directly (reloaded when it changes).")
    var modelFile: String?

    @Option(name: .customLong("canary-file"), help: "With --model-file: a second model file or bundle folder that answers --canary-percent of the requests.")
    var canaryFile: String?

    @Option(name: .customLong("canary-percent"), help: "With --canary-file: the canary's share of requests, 0 to 100.")
    var canaryPercent: Double = 10

    @Option(name: .customLong("name"), help: "With --model-file or a bundle: the name to serve it under (default: the file name without extension, the bundle's folder name).")
    var name: String?

    @Option(name: .customLong("host"), help: "The address to listen on; loopback unless you mean to expose the model.")
    var host = "127.0.0.1"

    @Option(name: .customLong("port"), help: "The port to listen on; 0 picks a free one (the address is printed at start-up).")
    var port = 8080

    @Option(name: .customLong("max-body-bytes"), help: "Larger request bodies are refused with 413.")
    var maxBodyBytes = 16 << 20

    @Option(name: .customLong("admin-token-file"), help: "A file holding the bearer token for /admin (else SLUICE_ADMIN_TOKEN; without either, /admin is disabled).")
    var adminTokenFile: String?

    @Option(name: .customLong("log-sample"), help: "The share of requests whose predictions are logged, 0 to 1 (0: no prediction log).")
    var logSample = 1.0

    @Option(name: .customLong("log-max-bytes"), help: "Start a new prediction log file once the current one would pass this size.")
    var logMaxBytes = 64 << 20

    @Option(name: .customLong("poll-seconds"), help: "How often to check whether the served versions changed.")
    var pollSeconds = 1.0

    @Option(name: .customLong("isolation"), help: "process: load each served version in a worker process of its own, so a crashing model plugin fails its requests (503) and is restarted, never the server. none (default): in this process, except Swift plugins of another toolchain, which always run in a worker.")
    var isolation: IsolationChoice?

    @OptionGroup var plugins: PluginOptions

    func validate() throws {
        guard (model == nil) != (modelFile == nil) else {
            throw ValidationError("give exactly one of --model NAME[@ALIAS] and --model-file PATH")
        }
        guard canaryFile == nil || modelFile != nil || model.map(ModelFiles.isBundle) == true else {
            throw ValidationError("--canary-file goes with --model-file (or --model BUNDLE)")
        }
        guard (0...100).contains(canaryPercent) else { throw ValidationError("--canary-percent must be from 0 to 100") }
        guard (0...1).contains(logSample) else { throw ValidationError("--log-sample must be from 0 to 1") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard pollSeconds > 0, maxBodyBytes > 0, logMaxBytes > 0 else {
            throw ValidationError("--poll-seconds, --max-body-bytes and --log-max-bytes must be positive")
        }
    }

    func run() throws {
        try reportingErrors {
            let (name, alias, source) = try servedModels()
            let catalog = plugins.catalog()
            for problem in catalog.problems { printError("warning: " + problem.description) }
            let log = Self.log
            // Models log (ABI 1.1 model host) into the server's log.
            let modelHost = HostTable.modelHost { level, message in log("model \(LogLevel(protocolValue: level).name): \(message)") }
            let loader = ModelLoader(catalog: catalog, isolation: ModelIsolation(all: isolation == .process), host: modelHost)
            let server = try ModelServer(name: name, alias: alias, source: source, loader: loader,
                                         configuration: try serveConfiguration(name: name), log: Self.log)
            let deployment = server.host.deployment
            let host = self.host
            try runBlocking { () async throws(SluiceError) in
                try await server.run(handleSignals: true) { port in
                    let canary = deployment.canary.map { ", canary \($0.label) at \(deployment.canaryPercent)%" } ?? ""
                    // Unbuffered: scripts and tests read the address as soon as it is printed.
                    let line = "sluice serve: serving \(name) version \(deployment.primary.label)\(canary) on http://\(host):\(port)\n"
                    FileHandle.standardOutput.write(Data(line.utf8))
                }
            }
            Self.log("stopped")
        }
    }

    /// What to serve: a model file or bundle folder, or a registered model from the
    /// project's registry. `--model` takes a bundle folder too, as `sluice predict` does.
    private func servedModels() throws(SluiceError) -> (name: String, alias: String?, source: any ServedModels) {
        if let path = modelFile ?? model.flatMap({ ModelFiles.isBundle($0) ? $0 : nil }) {
            let url = URL(fileURLWithPath: path)
            let name = self.name ?? (ModelFiles.isBundle(path) ? url.lastPathComponent : url.deletingPathExtension().lastPathComponent)
            return (name, nil, ModelFiles(primary: path, canary: canaryFile, canaryPercent: canaryPercent))
        }
        let reference = model ?? ""
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        guard let name = parts.first, !name.isEmpty else {
            throw SluiceError(.serveBadModel, at: reference, "give the model as NAME or NAME@ALIAS")
        }
        guard ModelReference(parsing: reference) != nil, parts.count == 1 || ModelReference.isValidName(parts[1]) else {
            throw SluiceError(.serveBadModel, at: reference, "give the model as NAME or NAME@ALIAS, where names use \(ModelReference.nameRule)")
        }
        let store = try openRunStore(plugins.project)
        let objects = try ProjectStores.objectStore(plugins.project)
        let registry = ModelRegistry(store: store)
        _ = try registry.versions(of: name, requireAny: true)
        return (name, parts.count > 1 ? parts[1] : nil, RegistryServedModels(registry: registry, objects: objects))
    }

    private func serveConfiguration(name: String) throws(SluiceError) -> ServeConfiguration {
        var configuration = ServeConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.maxBodyBytes = maxBodyBytes
        configuration.adminToken = try adminToken()
        configuration.pollInterval = .milliseconds(Int64(pollSeconds * 1000))
        configuration.driftReports = try driftReports()
        if logSample > 0 {
            let project = URL(fileURLWithPath: plugins.project).standardizedFileURL.path
            configuration.predictionLog = PredictionLogConfiguration(
                directory: project + "/.sluice/predictions/" + Self.folderName(name),
                settings: PredictionLog.Settings(sampleRate: logSample, maxFileBytes: logMaxBytes)
            )
        }
        return configuration
    }

    /// The project's run and object stores, for the drift gauges; nil when no run was
    /// recorded here (nothing to show, and serving a model file must not create a store).
    private func driftReports() throws(SluiceError) -> DriftGauges.Source? {
        guard ProjectStores.hasRunStore(plugins.project) else { return nil }
        return DriftGauges.Source(runs: try ProjectStores.runStore(plugins.project), objects: try ProjectStores.objectStore(plugins.project))
    }

    private func adminToken() throws(SluiceError) -> String? {
        if let adminTokenFile {
            guard let data = FileManager.default.contents(atPath: adminTokenFile) else {
                throw SluiceError(.serveAdminToken, at: adminTokenFile, "cannot read the admin token file")
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else {
                throw SluiceError(.serveAdminToken, at: adminTokenFile, "the admin token file is empty: put the token in it")
            }
            return token
        }
        let token = ProcessInfo.processInfo.environment["SLUICE_ADMIN_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        return token?.isEmpty == false ? token : nil
    }

    /// A model name as a folder name: path separators and dots at the start replaced.
    private static func folderName(_ name: String) -> String {
        let safe = name.map { $0 == "/" || $0 == "\\" ? "_" : $0 }
        return String(safe.first == "." ? ["_"] + safe.dropFirst() : safe)
    }

    /// Server events on standard error, one line each, with the time.
    private static let log: @Sendable (String) -> Void = { message in
        printError("\(Date().formatted(.iso8601)) sluice serve: \(message)")
    }
}

/// Runs `body` on the concurrency pool and waits for it: the command tree is
/// synchronous, and nothing in the server needs the main thread.
private func runBlocking(_ body: @escaping @Sendable () async throws(SluiceError) -> Void) throws(SluiceError) {
    let outcome = Mutex<Result<Void, SluiceError>>(.success(()))
    let done = DispatchSemaphore(value: 0)
    Task {
        do throws(SluiceError) {
            try await body()
        } catch {
            outcome.withLock { $0 = .failure(error) }
        }
        done.signal()
    }
    done.wait()
    try outcome.withLock { $0 }.get()
}
