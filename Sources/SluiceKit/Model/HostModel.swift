import CSluiceABI

/// A model loaded through the host ("sluice.models/1"), whatever plugin made it: what
/// testers and monitors predict with. Freed when the last reference goes.
public final class HostModel: @unchecked Sendable {
    // @unchecked: the protocol makes a loaded model safe to use from several threads;
    // the handle is released once, in deinit.
    private let models: sluice_models_v1
    private let handle: OpaquePointer

    /// What the model expects and produces.
    public let modelDescription: ModelDescription

    fileprivate init(models: sluice_models_v1, handle: OpaquePointer) throws {
        self.models = models
        self.handle = handle
        guard let text = models.describe?(handle) else {
            models.release?(handle)
            throw StageError(.failed, "the model's plugin gave no description")
        }
        do {
            modelDescription = try JSONValueDecoder().decode(ModelDescription.self, from: JSONValue.parse(String(cString: text)))
        } catch {
            models.release?(handle)
            throw StageError(.invalidInput, "the model's description is not valid: \(error)")
        }
    }

    deinit { models.release?(handle) }

    /// Which plugin serves the model and where its library is (nil from an older host).
    public var origin: ModelOrigin? {
        guard let text = models.source?(handle) else { return nil }
        return try? JSONValueDecoder().decode(ModelOrigin.self, from: JSONValue.parse(String(cString: text)))
    }

    /// Predicts every row of `input` (see `PredictiveModel.predict`).
    public func predict(_ input: Table) throws -> Table {
        guard let predict = models.predict else { throw StageError(.unsupported, "this host cannot predict (sluice.models/1 without predict)") }
        let inStream = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        let outStream = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        defer { inStream.deallocate(); outStream.deallocate() }
        input.export(into: inStream)
        outStream.initialize(to: ArrowArrayStream())
        var errors = ErrorBuffer()
        let status = errors.call { error, capacity in predict(handle, inStream, outStream, error, capacity) }
        inStream.pointee.release?(inStream)
        try errors.check(status, "predicting")
        return try Table.importing(outStream, port: "predictions")
    }
}

extension HostServices {
    /// Loads a model from artifact bytes (such as a trainer's `model` port).
    public func loadModel(artifact: [UInt8], mediaType: String?) throws -> HostModel {
        let models = try modelsExtension()
        guard let load = models.load else { throw StageError(.unsupported, "this host cannot load models") }
        var handle: OpaquePointer?
        var errors = ErrorBuffer()
        let status = errors.call { error, capacity in
            artifact.withUnsafeBufferPointer { bytes in load(raw, bytes.baseAddress, bytes.count, mediaType, &handle, error, capacity) }
        }
        try errors.check(status, "loading the model")
        guard let handle else { throw StageError(.internal, "the host loaded a model but returned no handle") }
        return try HostModel(models: models, handle: handle)
    }

    /// Loads a model by reference: a file path, an artifact digest, or where the host
    /// has a registry "NAME@ALIAS" / "NAME:VERSION". Nil when nothing is there.
    public func loadModel(reference: String) throws -> HostModel? {
        let models = try modelsExtension()
        guard let loadRef = models.load_ref else { throw StageError(.unsupported, "this host cannot load models by reference") }
        var handle: OpaquePointer?
        var errors = ErrorBuffer()
        let status = errors.call { error, capacity in loadRef(raw, reference, &handle, error, capacity) }
        if status == Status.notFound.rawValue { return nil }
        try errors.check(status, "loading the model '\(reference)'")
        guard let handle else { throw StageError(.internal, "the host loaded a model but returned no handle") }
        return try HostModel(models: models, handle: handle)
    }

    private func modelsExtension() throws -> sluice_models_v1 {
        guard let pointer = extensionTable(SLUICE_EXT_MODELS) else {
            throw StageError(.unsupported, "this host cannot load models (no sluice.models/1); upgrade sluice")
        }
        return readSizedStruct(pointer, as: sluice_models_v1.self, zero: sluice_models_v1())
    }
}
