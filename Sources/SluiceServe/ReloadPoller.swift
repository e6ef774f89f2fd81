import ServiceLifecycle

/// Hot reload: checks the served plan's revision every `interval` and swaps in the new
/// versions when it moved. Stops at graceful shutdown.
struct ReloadPoller: Service {
    let host: ModelHost
    let interval: Duration

    func run() async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            host.reload()
        }
    }
}
