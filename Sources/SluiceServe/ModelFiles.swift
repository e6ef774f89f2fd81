import Foundation
import SluiceEngine
import SluiceSupport

/// Serves model files directly (`sluice serve --model-file PATH`), for developing a
/// model and for tests: no registry, the version label is the start of the file's
/// SHA-256, and rewriting a file is a new revision, so the server reloads it.
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
        // Size and modification time of each file: a rewrite changes one of them.
        var hasher = Hasher()
        for path in [primary] + (canary.map { [$0] } ?? []) {
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw SluiceError(.serveModelFile, at: path, "cannot read the model file: \(String(cString: strerror(errno)))")
            }
            hasher.combine(info.st_size)
            hasher.combine(info.st_mtim.tv_sec)
            hasher.combine(info.st_mtim.tv_nsec)
        }
        return Int64(hasher.finalize())
    }

    static func version(_ path: String) throws(SluiceError) -> ServingPlan.Version {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SluiceError(.serveModelFile, at: path, "cannot read the model file: check that it exists and is readable")
        }
        let digest = data.withUnsafeBytes { sha256Digest($0) }
        return ServingPlan.Version(
            label: String(digest.prefix("sha256:".count + 12)),
            artifact: ModelArtifact(bytes: .from(data), mediaType: nil, origin: path)
        )
    }
}
