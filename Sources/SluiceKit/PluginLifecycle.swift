import CSluiceABI
import Foundation

// The plugin side of sluice_plugin_v1.init/deinit (ABI 1.1). The hooks are globals of
// this image, as the capability tables are: one Plugin per image, and the C functions
// have no context argument to find it by. SluiceKit plugins keep their state in Swift
// globals, so the plugin_data they give the host is NULL.

nonisolated(unsafe) private var startHook: (@Sendable (String) throws -> Void)?
nonisolated(unsafe) private var stopHook: (@Sendable () -> Void)?
// nonisolated(unsafe): written once by Plugin.init, before the host has the descriptor.
nonisolated(unsafe) var lifecycleStarted = false
nonisolated(unsafe) var lifecyclePath: String?
// nonisolated(unsafe): written by `init`, which the protocol runs before anything else
// of the plugin and never concurrently with it.

func registerLifecycle(start: (@Sendable (String) throws -> Void)?, stop: (@Sendable () -> Void)?) {
    startHook = start
    stopHook = stop
}

let pluginInit: @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<CChar>?, Int) -> Int32 = { path, data, buffer, capacity in
    data?.pointee = nil
    let path = path.map { String(cString: $0) } ?? ""
    do {
        try startHook?(path)
        lifecyclePath = path
        lifecycleStarted = true
        return Status.ok.rawValue
    } catch {
        return report(error, buffer, capacity)
    }
}

let pluginDeinit: @convention(c) (UnsafeMutableRawPointer?) -> Void = { _ in
    stopHook?()
}
