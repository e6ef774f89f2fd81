import CSluiceABI
import SluicePlugins
import SluiceSupport

/// `descriptor`: the plugin loaded (PluginLoader checked struct sizes, ids, kinds,
/// ports, schema keywords, examples and ran `init`), and the entry point keeps the rules
/// the loader cannot see from one call: it returns the same descriptor every time, and
/// to a 1.0 host it offers no volatile stage (which that host would cache).
package enum DescriptorCheck {
    /// Judges a plugin that loaded. A plugin that did not load fails with the loader's
    /// message (see `failure(_:)`).
    package static func run(_ plugin: PluginInfo) -> ConformanceResult {
        guard case .success(let address) = DynamicLibrary.openSymbol(plugin.path, SLUICE_PLUGIN_ENTRY_V1_SYMBOL) else {
            return .failed(.descriptor, stage: nil, "the library could not be opened a second time to call its entry point again")
        }
        let entry = unsafeBitCast(address, to: PluginLoader.Entry.self)
        guard let again = entry(PluginLoader.abiMajor, PluginLoader.abiMinor) else {
            return .failed(.descriptor, stage: nil, "the entry point returned NULL when called a second time; it must return the same descriptor every time")
        }
        let stages = stagePointers(again)
        guard stages == plugin.stages.map({ $0.handle.stage }) else {
            return .failed(.descriptor, stage: nil, "the entry point returned another descriptor when called a second time; it must return the same one, valid for the life of the process")
        }
        if let old = entry(PluginLoader.abiMajor, 0) {
            let volatile = stagePointers(old).compactMap { pointer -> String? in
                let stage = readSizedStruct(UnsafeRawPointer(pointer), zero: sluice_stage_v1()).value
                return stage.flags & UInt32(SLUICE_STAGE_VOLATILE.rawValue) != 0 ? string(stage.id) ?? "?" : nil
            }
            if !volatile.isEmpty {
                return .failed(.descriptor, stage: nil, "to a 1.0 host (host_abi_minor 0) it offers the volatile stage(s) \(volatile.joined(separator: ", ")), which such a host would cache; leave them out of that descriptor or return NULL")
            }
        }
        let count = plugin.stages.count
        return .passed(.descriptor, stage: nil, "\(plugin.id) \(plugin.version) (protocol \(plugin.abiMajor).\(plugin.abiMinor), build \(plugin.build.hasPrefix("swift") ? "swift" : plugin.build)) loads with \(count) stage\(count == 1 ? "" : "s")")
    }

    package static func failure(_ error: SluiceError) -> ConformanceResult {
        .failed(.descriptor, stage: nil, "the plugin does not load: \(error.message) [\(error.code)]")
    }

    private static func stagePointers(_ descriptor: UnsafePointer<sluice_plugin_v1>) -> [UnsafePointer<sluice_stage_v1>] {
        let plugin = readSizedStruct(UnsafeRawPointer(descriptor), zero: sluice_plugin_v1()).value
        guard let list = plugin.stages else { return [] }
        return (0..<Int(plugin.stage_count)).compactMap { list[$0] }
    }
}
