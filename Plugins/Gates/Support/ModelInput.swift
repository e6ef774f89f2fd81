import SluiceKit
import SluiceMetrics

/// Loading the model to test from the `model` port.
enum ModelInput {
    /// The model on input `port`, loaded by whichever plugin made it. The host's
    /// message is passed on when no plugin can load it.
    static func load(_ call: StageCall, host: HostServices, port: String = "model") throws -> HostModel {
        let (bytes, mediaType) = try call.inputBytes(port)
        guard !bytes.isEmpty else {
            throw StageError.invalidInput("input '\(port)' is empty: connect it to a trainer's model output")
        }
        do {
            return try host.loadModel(artifact: bytes, mediaType: mediaType)
        } catch let error as StageError {
            throw StageError(error.status == .unsupported ? .invalidInput : error.status,
                             "the model on input '\(port)' (\(mediaType), \(bytes.count) bytes) cannot be loaded: \(error.message)")
        }
    }

    /// The model's task, as the metrics name it.
    static func task(of model: HostModel) -> ModelTask {
        model.modelDescription.task == .regression ? .regression : .classification
    }
}
