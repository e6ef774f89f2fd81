import CSluiceABI
import Foundation
import SluiceSupport
import Synchronization

/// The `init`/`deinit` of ABI 1.1 plugins, once per process. A plugin file may be
/// loaded by several catalogs (a run, then its model loader, then a bundle), but the
/// library is mapped once and its entry returns the same descriptor, so the host calls
/// `init` once per descriptor and remembers what it gave (or why it failed). `deinit`
/// runs at normal process exit, in the reverse order of `init`.
package enum PluginLifecycle {
    package typealias Init = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<CChar>?, Int) -> Int32
    package typealias Deinit = @convention(c) (UnsafeMutableRawPointer?) -> Void

    private enum Outcome {
        case ready(PluginData)
        case failed(String)
    }

    private struct Started {
        var outcomes: [UInt: Outcome] = [:]
        /// Plugins to deinit at exit, in init order.
        var toFinish: [(deinit: Deinit, data: PluginData)] = []
        var exitHookInstalled = false
    }

    private static let started = Mutex(Started())

    /// Calls the plugin's `init` the first time this descriptor is seen, and gives its
    /// plugin_data; a failing `init` (now or earlier) throws its message.
    package static func start(descriptor: UnsafeRawPointer, path: String, pluginID: String,
                              init initFunction: Init?, deinit deinitFunction: Deinit?) throws(SluiceError) -> PluginData {
        let key = UInt(bitPattern: descriptor)
        let outcome: Outcome = started.withLock { started in
            if let known = started.outcomes[key] { return known }
            let outcome: Outcome
            if let initFunction {
                var data: UnsafeMutableRawPointer?
                var message = [CChar](repeating: 0, count: 2048)
                let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
                let status = message.withUnsafeMutableBufferPointer { buffer in
                    initFunction(absolute, &data, buffer.baseAddress, buffer.count)
                }
                if status == 0 {
                    outcome = .ready(PluginData(pointer: data))
                    if let deinitFunction { started.toFinish.append((deinitFunction, PluginData(pointer: data))) }
                } else {
                    let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                    let name = statusName(status)
                    outcome = .failed("plugin '\(pluginID)' refused to start: its init returned \(name)\(text.isEmpty ? " without a message" : ": \(text)")")
                }
            } else {
                outcome = .ready(PluginData(pointer: nil))
            }
            started.outcomes[key] = outcome
            if !started.toFinish.isEmpty && !started.exitHookInstalled {
                started.exitHookInstalled = true
                atexit { PluginLifecycle.finish() }
            }
            return outcome
        }
        switch outcome {
        case .ready(let data): return data
        case .failed(let message): throw SluiceError(.pluginInitFailed, at: path, message + ". Fix what it says, or see the plugin's documentation")
        }
    }

    /// Calls every started plugin's `deinit`, newest first, once. Called at exit; a
    /// worker process may call it when it is done with its plugins.
    package static func finish() {
        let finishing = started.withLock { started in
            let list = started.toFinish
            started.toFinish = []
            return list
        }
        for plugin in finishing.reversed() { plugin.deinit(plugin.data.pointer) }
    }

    private static func statusName(_ status: Int32) -> String {
        let names = ["SLUICE_OK", "SLUICE_ERR_INVALID_ARGUMENT", "SLUICE_ERR_INVALID_CONFIG", "SLUICE_ERR_INVALID_INPUT", "SLUICE_ERR_FAILED",
                     "SLUICE_ERR_CANCELLED", "SLUICE_ERR_UNSUPPORTED", "SLUICE_ERR_NOT_FOUND", "SLUICE_ERR_OUT_OF_MEMORY",
                     "SLUICE_ERR_GATE_FAILED", "SLUICE_ERR_IO", "SLUICE_ERR_INTERNAL"]
        return names.indices.contains(Int(status)) ? names[Int(status)] : "status \(status)"
    }
}

/// What a plugin's `init` stored, handed back to its capabilities. @unchecked Sendable:
/// an opaque pointer the host never dereferences; the protocol makes the plugin
/// responsible for its thread safety.
package struct PluginData: @unchecked Sendable {
    package let pointer: UnsafeMutableRawPointer?

    package init(pointer: UnsafeMutableRawPointer?) {
        self.pointer = pointer
    }
}
