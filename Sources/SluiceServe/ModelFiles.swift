import Foundation
import SluiceEngine
import SluiceSupport

/// Serves model files or deployment bundles directly (`sluice serve --model-file PATH`),
/// for developing a model, for shipping one to a machine without a registry, and for
/// tests: the version label is the start of the SHA-256 of the file (of a bundle: of its
/// manifest, which records every file's SHA-256), and rewriting a file or re-exporting a
/// bundle is a new revision, so the server reloads it.
package struct ModelFiles: ServedModels {
    package let primary: String
    package let canary: String?
    package let canaryPercent: Double

    package init(primary: String, canary: String? = nil, canaryPercent: Double = 0) {
        self.primary = primary
        self.canary = canary
        self.canaryPercent = canaryPercent
    }

    package func resolve(name: String, alias: String?) throws(SluiceError) -> ServingPlan {
        ServingPlan(primary: try Self.version(primary), canary: try canary.map(Self.version), canaryPercent: canaryPercent)
    }

    package func revision(name: String) throws(SluiceError) -> Int64 {
        // Size, modification time and inode of each file (of a bundle, its manifest,
        // which an export rewrites and renames into place): a rewrite changes one of them.
        var hasher = Hasher()
        for path in [primary] + (canary.map { [$0] } ?? []) {
            let watched = Self.isBundle(path) ? path + "/" + Self.manifest : path
            var info = stat()
            guard stat(watched, &info) == 0 else {
                throw SluiceError(.serveModelFile, at: watched, "cannot read the model file: \(String(cString: strerror(errno)))")
            }
            hasher.combine(info.st_size)
            hasher.combine(info.st_mtim.tv_sec)
            hasher.combine(info.st_mtim.tv_nsec)
            hasher.combine(info.st_ino)
        }
        return Int64(hasher.finalize())
    }

    static func version(_ path: String) throws(SluiceError) -> ServingPlan.Version {
        if isBundle(path) {
            guard let manifest = FileManager.default.contents(atPath: path + "/" + Self.manifest) else {
                throw SluiceError(.serveModelFile, at: path + "/" + Self.manifest, "cannot read the bundle's manifest: check that it is readable")
            }
            return ServingPlan.Version(label: label(manifest), bundle: path)
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw SluiceError(.serveModelFile, at: path, "this is a folder without a \(Self.manifest): give a model file, or a bundle folder written by sluice.deploy/export")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SluiceError(.serveModelFile, at: path, "cannot read the model file: check that it exists and is readable")
        }
        return ServingPlan.Version(label: label(data), artifact: ModelArtifact(bytes: .from(data), mediaType: nil, origin: path))
    }

    private static func label(_ data: Data) -> String {
        String(data.withUnsafeBytes { sha256Digest($0) }.prefix("sha256:".count + 12))
    }
}
