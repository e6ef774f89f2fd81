import CSluiceABI
import SluicePlugins
import SluiceSupport

/// A plugin's fitted-transform capability ("sluice.transform/1"), read with the
/// sized-struct rule. @unchecked Sendable: C function pointers the protocol declares
/// callable from any thread, and strings that live as long as the plugin.
package struct TransformCapability: @unchecked Sendable {
    package static let id = "sluice.transform/1"

    package let plugin: PluginInfo
    package let table: sluice_transform_v1
    /// The media types of the plugin's fitted transforms.
    package let mediaTypes: [String]

    package init?(_ plugin: PluginInfo) {
        guard let pointer = plugin.extensions.lookup(Self.id) else { return nil }
        let table = readSizedStruct(pointer, zero: sluice_transform_v1()).value
        guard table.load != nil, table.apply != nil, table.free != nil else { return nil }
        var types: [String] = []
        if var cursor = table.media_types {
            while let type = cursor.pointee {
                types.append(String(cString: type))
                cursor += 1
            }
        }
        self.plugin = plugin
        self.table = table
        mediaTypes = types
    }

    /// Whether the media type is one of this plugin's (parameters ignored).
    package func handles(mediaType: String) -> Bool {
        let wanted = MediaType.essence(mediaType)
        return !wanted.isEmpty && mediaTypes.contains { MediaType.essence($0) == wanted }
    }
}

/// Media type comparison: "type/subtype" without parameters, case-insensitive.
package enum MediaType {
    package static func essence(_ mediaType: String) -> String {
        String(mediaType.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }
}
