import CSluiceABI
import Foundation
import SluicePlugins
import SluiceSupport

/// A plugin's model capability ("sluice.predict/1"), read with the sized-struct rule.
/// @unchecked Sendable: C function pointers the protocol declares callable from any
/// thread, and strings that live as long as the plugin (which is never unloaded).
package struct PredictCapability: ArtifactCapability, @unchecked Sendable {
    package static let id = "sluice.predict/1"

    package let plugin: PluginInfo
    package let table: sluice_predict_v1
    /// The media types of the plugin's model artifacts.
    package let mediaTypes: [String]

    package init?(_ plugin: PluginInfo) {
        guard let pointer = plugin.extensions.lookup(Self.id) else { return nil }
        let table = readSizedStruct(pointer, zero: sluice_predict_v1()).value
        guard table.load != nil, table.predict != nil, table.free != nil else { return nil }
        self.plugin = plugin
        self.table = table
        mediaTypes = MediaType.list(table.media_types)
    }

    /// Whether the plugin says the bytes are one of its models.
    package func accepts(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let accepts = table.accepts, let base = bytes.baseAddress else { return false }
        return accepts(base.assumingMemoryBound(to: UInt8.self), bytes.count) == 1
    }
}
