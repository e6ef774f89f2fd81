import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SluiceEngine
import SluiceSupport
import Synchronization

/// `sluice serve`: the HTTP server around a `ModelHost`, the poller that hot-reloads
/// it, and the prediction log. `run` returns after a graceful shutdown (SIGINT or
/// SIGTERM when `handleSignals`, or `shutdown()`), with every queued prediction written.
package final class ModelServer: Sendable {
    package let host: ModelHost
    package let metrics: ServerMetrics
    package let predictionLog: PredictionLog?
    package let driftGauges: DriftGauges?
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
        driftGauges = configuration.driftReports.map { DriftGauges(source: $0, log: log) }
    }

    /// Serves until shut down. `onListening` gets the bound port (useful with port 0).
    package func run(handleSignals: Bool, onListening: @escaping @Sendable (Int) -> Void) async throws(SluiceError) {
        let router = Router()
        ServeRoutes(host: host, metrics: metrics, driftGauges: driftGauges, predictionLog: predictionLog,
                    admin: AdminAccess(token: configuration.adminToken), maxBodyBytes: configuration.maxBodyBytes)
            .add(to: router)
        // Hummingbird's own lines (start-up, connections) only when something is wrong:
        // the command prints its own start-up line. LOG_LEVEL=debug shows them all.
        var logger = Logger(label: "sluice.serve")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "sluice"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let poller = ReloadPoller(host: host, interval: configuration.pollInterval)
        // Shutdown order is the reverse of this list: the server stops taking requests
        // and finishes those in flight, then the poller stops.
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: poller, successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: app),
            ],
            gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
            logger: logger
        ))
        let stopNow = running.withLock { running in
            running.group = group
            return running.stopRequested
        }
        if stopNow { await group.triggerGracefulShutdown() }
        // Whatever ends the server, every queued prediction is written before returning.
        defer { predictionLog?.close() }
        do {
            try await group.run()
        } catch {
            throw SluiceError(.serveListen, at: "\(configuration.host):\(configuration.port)",
                              "the server stopped: \(error). If the port is in use, choose another --port (0 picks a free one)")
        }
    }

    /// Stops a running server gracefully: requests in flight finish, then `run` returns.
    package func shutdown() async {
        let group = running.withLock { running in
            running.stopRequested = true
            return running.group
        }
        await group?.triggerGracefulShutdown()
    }

    private let running = Mutex<(group: ServiceGroup?, stopRequested: Bool)>((nil, false))
}
