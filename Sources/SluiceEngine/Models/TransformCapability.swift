import CSluiceABI
import SluicePlugins
import SluiceSupport

/// A plugin's fitted-transform capability ("sluice.transform/1"), read with the
/// sized-struct rule. @unchecked Sendable: C function pointers the protocol declares
/// callable from any thread, and strings that live as long as the plugin.
package struct TransformCapability: ArtifactCapability, @unchecked Sendable {
    package static let id = "sluice.transform/1"

    package let plugin: PluginInfo
    package let table: sluice_transform_v1
    /// The media types of the plugin's fitted transforms.
    package let mediaTypes: [String]

    package init?(_ plugin: PluginInfo) {
        guard let pointer = plugin.extensions.lookup(Self.id) else { return nil }
        let table = readSizedStruct(pointer, zero: sluice_transform_v1()).value
        guard table.load != nil, table.apply != nil, table.free != nil else { return nil }
        self.plugin = plugin
        self.table = table
        mediaTypes = MediaType.list(table.media_types)
    }

}

/// What the model and fitted-transform capabilities share: the media types they load.
package protocol ArtifactCapability {
    var mediaTypes: [String] { get }
}

extension ArtifactCapability {
    /// Whether the media type is one of this plugin's (parameters such as
    /// "; version=1" are ignored on both sides).
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

    /// A capability's NULL-terminated C list of media types.
    package static func list(_ pointer: UnsafePointer<UnsafePointer<CChar>?>?) -> [String] {
        var types: [String] = []
        if var cursor = pointer {
            while let type = cursor.pointee {
                types.append(String(cString: type))
                cursor += 1
            }
        }
        return types
    }
}
