import Foundation
import SluiceJSON
import SluiceStore
import SluiceSupport

// What a stage in a worker reaches of the host: the run's artifact store, the host's
// model references and the registry, each a request over the channel. Log lines,
// metrics, params and progress are one-way events (see WorkerService).

/// The run's artifact store, in the host.
package struct HostArtifactStore: ArtifactStore {
    let requests: WorkerRequests

    package func write(_ bytes: UnsafeRawBufferPointer, mediaType: String) throws -> String {
        let buffer = ByteBuffer(copying: bytes)
        let descriptor = try SharedPayload.write(.bytes(buffer, mediaType: mediaType), name: "artifact")
        defer { close(descriptor) }
        let reply = try requests.call(.object(["op": .string("artifact_write"), "media_type": .string(mediaType)]), descriptors: [descriptor])
        guard let digest = reply.message["digest"]?.stringValue else { throw SluiceError(.workerChannel, "the host stored the artifact but sent no digest") }
        return digest
    }

    package func read(digest: String) throws -> ByteBuffer? {
        let reply = try requests.call(.object(["op": .string("artifact_read"), "digest": .string(digest)]))
        guard let descriptor = reply.descriptors.first else { return nil }
        return try SharedPayload.read(descriptor, .object(["kind": .string("bytes")]), what: digest).bytes
    }
}

/// Model references (digests, NAME@ALIAS, files) resolved by the host's model sources;
/// the worker loads the artifact with its own plugins.
package struct HostModelSource: ModelSource {
    let requests: WorkerRequests
    package let lookedIn: String

    package func artifact(for reference: String) throws(SluiceError) -> ModelArtifact? {
        let reply = try requests.call(.object(["op": .string("model_artifact"), "reference": .string(reference)]))
        guard let descriptor = reply.descriptors.first else { return nil }
        guard let bytes = try SharedPayload.read(descriptor, .object(["kind": .string("bytes")]), what: reference).bytes else { return nil }
        return ModelArtifact(bytes: bytes, mediaType: reply.message["media_type"]?.stringValue, origin: reply.message["origin"]?.stringValue ?? reference)
    }
}

/// The host's registry as this stage sees it.
package struct HostRegistry: StageRegistryService {
    let requests: WorkerRequests

    package func registerVersion(name: String, bytes: UnsafeRawBufferPointer, mediaType: String?, note: String) throws(SluiceError) -> Int {
        let descriptor = try SharedPayload.write(.bytes(ByteBuffer(copying: bytes), mediaType: mediaType ?? ""), name: "model")
        defer { close(descriptor) }
        let reply = try requests.call(.object([
            "op": .string("registry_register"), "name": .string(name), "media_type": mediaType.map(JSONValue.string) ?? .null, "note": .string(note),
        ]), descriptors: [descriptor])
        return Int(reply.message["version"]?.doubleValue ?? 0)
    }

    package func moveAlias(name: String, version: Int, alias: String, percent: Double?, note: String) throws(SluiceError) {
        _ = try requests.call(.object([
            "op": .string("registry_alias"), "name": .string(name), "version": .integer(Int64(version)), "alias": .string(alias),
            "percent": percent.map(JSONValue.number) ?? .null, "note": .string(note),
        ]))
    }

    package func lookup(_ reference: String) throws(SluiceError) -> JSONValue? {
        let reply = try requests.call(.object(["op": .string("registry_lookup"), "reference": .string(reference)]))
        return reply.message["found"].flatMap { $0 == .null ? nil : $0 }
    }

    package func trainingDataJSON(_ reference: String, port: String?) throws(SluiceError) -> JSONValue {
        let reply = try requests.call(.object(["op": .string("registry_training_data"), "reference": .string(reference), "port": port.map(JSONValue.string) ?? .null]))
        return reply.message["found"] ?? .null
    }
}
