import Foundation
import SluicePlugins
import SluiceSupport

/// The names a user gives `sluice new` and `sluice plugin new`, checked before anything is
/// written, and the identifiers derived from a plugin name for each language.
package enum ScaffoldNames {
    package static let projectRule = "letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters"
    package static let pluginRule = "lowercase letters, digits, '-' and '_', starting with a lowercase letter, at most 64 characters"
    package static let pluginIDRule = "lowercase letters, digits, '.', '-' and '_', starting with a letter or digit, such as com.acme.features"

    /// A project name: it becomes the pipeline's `name` and often a folder name.
    package static func checkProject(_ name: String, source: String) throws(SluiceError) {
        let allowed = name.unicodeScalars.allSatisfy { isASCIILetterOrDigit($0) || "-_.".unicodeScalars.contains($0) }
        guard !name.isEmpty, name.count <= 64, allowed, let first = name.unicodeScalars.first, isASCIILetterOrDigit(first) else {
            throw SluiceError(.scaffoldInvalidName, at: source, "'\(name)' is not a valid project name. Use \(projectRule)")
        }
    }

    /// A plugin name: it becomes the stage id, the folder, the Swift module and the C prefix.
    package static func checkPlugin(_ name: String) throws(SluiceError) {
        let allowed = name.unicodeScalars.allSatisfy { isLowercaseOrDigit($0) || "-_".unicodeScalars.contains($0) }
        guard !name.isEmpty, name.count <= 64, allowed, let first = name.unicodeScalars.first, ("a"..."z").contains(first) else {
            throw SluiceError(.scaffoldInvalidName, at: "NAME", "'\(name)' is not a valid plugin name. Use \(pluginRule), e.g. clip-outliers")
        }
    }

    /// A plugin id, by the rule the host checks when it loads the plugin.
    package static func checkPluginID(_ id: String) throws(SluiceError) {
        guard PluginLoader.isValidPluginID(id), id.count <= 128 else {
            throw SluiceError(.scaffoldInvalidName, at: "--id", "'\(id)' is not a valid plugin id. Use \(pluginIDRule)")
        }
    }

    /// `clip-outliers` → `ClipOutliers`: the Swift module and stage type.
    package static func swiftModule(_ name: String) -> String {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    /// `clip-outliers` → `clip_outliers`: the C identifier prefix and library name.
    package static func cIdentifier(_ name: String) -> String {
        name.replacingOccurrences(of: "-", with: "_")
    }

    private static func isASCIILetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func isLowercaseOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
