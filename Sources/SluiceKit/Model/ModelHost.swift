import CSluiceABI

/// The host a model was loaded by (sluice_model_host_v1, ABI 1.1): a model logs
/// through it, e.g. a line when it meets a value it was not trained on. Lines go to the
/// server's log under `sluice serve`, to the stage's log when a stage loaded the model.
/// A model loaded by a 1.0 host (which has no model host) gets `ModelHost.none`, whose
/// lines go nowhere. Safe to use from any thread while the model lives.
public struct ModelHost: @unchecked Sendable {
    // @unchecked: the C table is immutable and valid until the model is freed, and the
    // protocol lets its functions be called from any thread.
    private let raw: UnsafePointer<sluice_model_host_v1>?

    init(_ raw: UnsafePointer<sluice_model_host_v1>?) {
        self.raw = raw
    }

    /// A host that drops every line: for models loaded without one, and for tests.
    public static let none = ModelHost(nil)

    /// Whether lines go anywhere (false for `none` and on a 1.0 host).
    public var isConnected: Bool { raw?.pointee.log != nil }

    /// Writes a log line of the model.
    public func log(_ level: LogLevel, _ message: String) {
        guard let raw, let log = raw.pointee.log else { return }
        log(raw, level.rawValue, message)
    }

    public func info(_ message: String) { log(.info, message) }
    public func warning(_ message: String) { log(.warning, message) }
}
