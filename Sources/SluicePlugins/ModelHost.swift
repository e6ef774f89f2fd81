import CSluiceABI
import Foundation
import SluiceSupport

/// The host as a loaded model sees it (sluice_model_host_v1, ABI 1.1): where the
/// model's log lines go. Whoever loads models makes one per log destination (the
/// server's log, a stage's log, stderr) and keeps it alive as long as any model loaded
/// with it (the protocol lets the model keep the pointer until `free`).
/// @unchecked Sendable: the C table is written once in init; `log` is a Sendable
/// closure; the protocol lets models call it from any thread.
package final class ModelHost: @unchecked Sendable {
    package typealias LogSink = @Sendable (_ level: Int32, _ message: String) -> Void

    package let table: UnsafeMutablePointer<sluice_model_host_v1>
    private let sink: LogSink
    private let extensions: @Sendable (String) -> UnsafeRawPointer?

    /// `log` receives each line with its sluice_log_level; `extensions` answers
    /// get_extension (only capabilities that need no stage).
    package init(version: UnsafePointer<CChar>?, log: @escaping LogSink,
                 extensions: @escaping @Sendable (String) -> UnsafeRawPointer? = { _ in nil }) {
        sink = log
        self.extensions = extensions
        table = UnsafeMutablePointer<sluice_model_host_v1>.allocate(capacity: 1)
        table.initialize(to: sluice_model_host_v1(
            struct_size: UInt32(MemoryLayout<sluice_model_host_v1>.size),
            abi_major: PluginLoader.abiMajor, abi_minor: PluginLoader.abiMinor, host_version: version,
            host_data: nil, log: ModelHost.logFunction, get_extension: ModelHost.extensionFunction
        ))
        table.pointee.host_data = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        table.deinitialize(count: 1)
        table.deallocate()
    }

    /// Logs `message` at `level` (a sluice_log_level) where the models of this host log.
    package func log(_ level: Int32, _ message: String) {
        sink(level, message)
    }

    private static func from(_ host: UnsafePointer<sluice_model_host_v1>?) -> ModelHost? {
        guard let data = host?.pointee.host_data else { return nil }
        return Unmanaged<ModelHost>.fromOpaque(data).takeUnretainedValue()
    }

    private static let logFunction: @convention(c) (UnsafePointer<sluice_model_host_v1>?, Int32, UnsafePointer<CChar>?) -> Void = { host, level, message in
        from(host)?.sink(level, string(message) ?? "")
    }

    private static let extensionFunction: @convention(c) (UnsafePointer<sluice_model_host_v1>?, UnsafePointer<CChar>?) -> UnsafeRawPointer? = { host, id in
        guard let host = from(host), let id = string(id) else { return nil }
        return host.extensions(id)
    }
}

/// Loads a model with a plugin's "sluice.predict/1": through `load_with_host` (ABI 1.1,
/// with the plugin's init data and `host`) when the plugin has it, else `load`. The
/// caller keeps `host` alive until the model is freed. Returns the status, the model
/// handle and the plugin's message.
package func loadModel(_ table: sluice_predict_v1, pluginData: PluginData, host: ModelHost?,
                       bytes: UnsafeRawBufferPointer) -> (status: Int32, handle: UnsafeMutableRawPointer?, message: String) {
    var handle: UnsafeMutableRawPointer?
    var message = [CChar](repeating: 0, count: 2048)
    let data = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
    let status: Int32 = message.withUnsafeMutableBufferPointer { buffer in
        if let withHost = table.load_with_host, let host {
            return withHost(pluginData.pointer, UnsafePointer(host.table), data, bytes.count, &handle, buffer.baseAddress, buffer.count)
        }
        guard let load = table.load else {
            writeMessage("the plugin's sluice.predict/1 has no load function", into: buffer.baseAddress, capacity: buffer.count)
            return Int32(SLUICE_ERR_UNSUPPORTED.rawValue)
        }
        return load(data, bytes.count, &handle, buffer.baseAddress, buffer.count)
    }
    return (status, handle, message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
}
