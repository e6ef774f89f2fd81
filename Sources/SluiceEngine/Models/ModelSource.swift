import Foundation
import SluiceStore
import SluiceSupport

/// A model artifact's bytes, with the media type they were stored with when known.
package struct ModelArtifact: Sendable {
    package let bytes: ByteBuffer
    package let mediaType: String?
    /// Where it came from, for messages: a path, a digest, "NAME:VERSION".
    package let origin: String

    package init(bytes: ByteBuffer, mediaType: String?, origin: String) {
        self.bytes = bytes
        self.mediaType = mediaType
        self.origin = origin
    }
}

/// One place model references are looked up: files, the artifact store, a registry.
package protocol ModelSource: Sendable {
    /// The artifact `reference` names here, or nil when this source does not know it.
    func artifact(for reference: String) throws(SluiceError) -> ModelArtifact?
    /// Where this source looked, for "not found" messages.
    var lookedIn: String { get }
}

/// Model files on disk, by path (relative to `directory`).
package struct FileModelSource: ModelSource {
    package let directory: String

    package init(directory: String = FileManager.default.currentDirectoryPath) {
        self.directory = directory
    }

    package var lookedIn: String { "files relative to \(directory)" }

    package func artifact(for reference: String) throws(SluiceError) -> ModelArtifact? {
        let path = reference.hasPrefix("/") ? reference : directory + "/" + reference
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SluiceError(.modelIo, at: reference, "could not read the model file: check its permissions")
        }
        return ModelArtifact(bytes: .from(data), mediaType: nil, origin: reference)
    }
}

/// Artifacts recorded by runs, by digest or unique digest prefix ("sha256:…" optional).
package struct StoredModelSource: ModelSource {
    package let objects: any ObjectStore
    package let store: any RunStore

    package init(objects: any ObjectStore, store: any RunStore) {
        self.objects = objects
        self.store = store
    }

    package var lookedIn: String { "the artifacts of recorded runs" }

    package func artifact(for reference: String) throws(SluiceError) -> ModelArtifact? {
        let hex = reference.hasPrefix("sha256:") ? String(reference.dropFirst(7)) : reference
        guard hex.count >= 4, hex.allSatisfy(\.isHexDigit) else { return nil }
        let wanted = "sha256:" + hex.lowercased()
        var matches: [String: String] = [:]
        for entry in try store.artifactIndex() where entry.artifact.digest.hasPrefix(wanted) {
            matches[entry.artifact.digest] = entry.artifact.mediaType
        }
        guard !matches.isEmpty else { return nil }
        guard matches.count == 1 || matches[wanted] != nil else {
            throw SluiceError(.modelAmbiguous, at: reference, "the digest prefix matches \(matches.count) artifacts; give more of it")
        }
        let digest = matches[wanted] != nil ? wanted : matches.keys.first!
        let buffer: ByteBuffer?
        do { buffer = try objects.read(digest: digest) } catch {
            throw SluiceError(.modelIo, at: digest, "could not read the stored model: \(error)")
        }
        guard let buffer else {
            throw SluiceError(.modelMissingObject, at: digest, "the run store records this artifact but its object is gone (removed by `sluice gc`?); rerun the training stage")
        }
        return ModelArtifact(bytes: buffer, mediaType: matches[digest], origin: digest)
    }
}
