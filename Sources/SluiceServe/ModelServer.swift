import Foundation
import Hummingbird
import SluiceCore

/// `sluice serve`: the HTTP server around a `ModelHost`, the poller that hot-reloads
/// it, and the prediction log. `run` returns after a graceful shutdown (SIGINT or
/// SIGTERM when `handleSignals`; task cancellation otherwise), with every queued
/// prediction written.
package final class ModelServer: Sendable {
    package let host: ModelHost
    package let metrics: ServerMetrics
    package let predictionLog: PredictionLog?
    private let configuration: ServeConfiguration
    private let log: @Sendable (String) -> Void

    /// Loads the model named `name` (at `alias`) from `source` with the plugins of
    /// `loader`; throws when it cannot be served.
    package init(name: String, alias: String?, source: any ServedModels, loader: ModelLoader,
                 configuration: ServeConfiguration, log: @escaping @Sendable (String) -> Void) throws(SluiceError) {
        let metrics = ServerMetrics()
        self.metrics = metrics
        self.configuration = configuration
        self.log = log
        host = try ModelHost(name: name, alias: alias, source: source, loader: loader, metrics: metrics, log: log)
        predictionLog = try configuration.predictionLog.map { (settings) throws(SluiceError) in
            try PredictionLog(directory: settings.directory, model: name, settings: settings.settings, metrics: metrics)
        }
    }

    /// Serves until shut down. `onListening` gets the bound port (useful with port 0).
    package func run(handleSignals: Bool, onListening: @escaping @Sendable (Int) -> Void) async throws(SluiceError) {
        let router = Router()
        ServeRoutes(host: host, metrics: metrics, predictionLog: predictionLog,
                    admin: AdminAccess(token: configuration.adminToken), maxBodyBytes: configuration.maxBodyBytes)
            .add(to: router)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "sluice"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) }
        )
        let host = self.host
        let interval = configuration.pollInterval
        defer { predictionLog?.close() }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    if handleSignals { try await app.runService() } else { try await app.run() }
                }
                group.addTask {
                    // Hot reload: a changed revision loads the new plan and swaps it in.
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        if Task.isCancelled { break }
                        host.reload()
                    }
                }
                // The server ends first (shutdown); the poller is then stopped.
                try await group.next()
                group.cancelAll()
            }
        } catch is CancellationError {
            return
        } catch {
            throw SluiceError("serve.listen", at: "\(configuration.host):\(configuration.port)",
                              "the server stopped: \(error). If the port is in use, choose another --port (0 picks a free one)",
                              exit: .failure)
        }
    }
}
