import Foundation
import SluicePlugins

/// Where the files that come with `sluice` are: the templates, the Swift SDK and the C
/// header. Either an installed prefix (`make install PREFIX=...`: PREFIX/bin/sluice beside
/// PREFIX/share/sluice and PREFIX/include/sluice) or the source checkout that built the
/// executable (a folder above it holding Package.swift and Sources/SluiceKit).
package struct SluiceInstallation: Sendable, Equatable {
    /// The folder holding the executable.
    package let executableFolder: String?
    /// PREFIX, when the executable is PREFIX/bin/sluice and PREFIX/share/sluice exists.
    package let prefix: String?
    /// The source checkout above the executable, if any.
    package let checkout: String?

    package init(executableFolder: String?, prefix: String?, checkout: String?) {
        self.executableFolder = executableFolder
        self.prefix = prefix
        self.checkout = checkout
    }

    /// The installation of the running (or the given) executable.
    package static func locate(executablePath: String? = PluginSearchPath.executablePath()) -> SluiceInstallation {
        guard let executablePath else { return SluiceInstallation(executableFolder: nil, prefix: nil, checkout: nil) }
        let folder = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let parent = folder.deletingLastPathComponent()
        let prefix = isDirectory(parent.path + "/share/sluice") ? parent.path : nil
        // A SwiftPM build puts the executable in CHECKOUT/.build/<triple>/<config>/.
        var checkout: String?
        var candidate = folder
        for _ in 0..<5 {
            candidate = candidate.deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: candidate.path + "/Package.swift"), isDirectory(candidate.path + "/Sources/SluiceKit") {
                checkout = candidate.path
                break
            }
        }
        return SluiceInstallation(executableFolder: folder.path, prefix: prefix, checkout: checkout)
    }

    /// The templates that come with sluice: `templates/` beside the executable,
    /// PREFIX/share/sluice/templates, or the checkout's `templates/`, the first that exists.
    package var builtInTemplates: String? {
        let candidates = [executableFolder.map { $0 + "/templates" }, prefix.map { $0 + "/share/sluice/templates" }, checkout.map { $0 + "/templates" }]
        return candidates.compactMap { $0 }.first(where: Self.isDirectory)
    }

    /// A folder holding a Package.swift with the SluiceKit product, for a plugin package
    /// to depend on by path: PREFIX/share/sluice/sdk, or the checkout itself.
    package var sdk: String? {
        if let prefix, FileManager.default.fileExists(atPath: prefix + "/share/sluice/sdk/Package.swift") { return prefix + "/share/sluice/sdk" }
        return checkout
    }

    /// `sluice_abi.h`: PREFIX/include/sluice/ or the checkout's Sources/CSluiceABI/include/.
    package var header: String? {
        let candidates = [prefix.map { $0 + "/include/sluice/sluice_abi.h" }, checkout.map { $0 + "/Sources/CSluiceABI/include/sluice_abi.h" }]
        return candidates.compactMap { $0 }.first(where: { FileManager.default.fileExists(atPath: $0) })
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
