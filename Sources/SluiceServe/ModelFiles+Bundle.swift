import Foundation
import SluiceEngine
import SluiceSupport

extension ModelFiles {
    static let manifest = "manifest.json"

    /// Whether `path` is a folder with a manifest: a deployment bundle (checked in full
    /// when it is loaded).
    package static func isBundle(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
            && FileManager.default.fileExists(atPath: path + "/" + manifest)
    }

    /// The bundle at `folder`, every file checked against its manifest, loaded by the
    /// plugins it carries rather than the server's: what `sluice predict --model FOLDER`
    /// predicts with.
    static func loadBundle(_ folder: String, loadingLike loader: ModelLoader) throws(SluiceError) -> LoadedModel {
        guard let model = try BundleModelSource().model(for: folder, loadingLike: loader) else {
            throw SluiceError(.serveModelFile, at: folder + "/" + manifest, "this folder's \(manifest) is not a deployment bundle's (format \(BundleModelSource.format)): give a model file, or a bundle folder written by sluice.deploy/export")
        }
        return model
    }
}
