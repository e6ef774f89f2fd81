import CSluiceABI
import Foundation
import SluiceArrow
import SluiceJSON
import SluiceSupport

/// A model loaded by its plugin's model capability: predicts Arrow tables. Immutable
/// and safe to share between threads (the protocol promises concurrent `predict`);
/// the plugin's model is freed when the last reference goes.
package final class LoadedModel: @unchecked Sendable {
    // @unchecked: `handle` is only passed to the plugin's thread-safe functions and
    // freed once in deinit.
    private let capability: PredictCapability
    private let handle: UnsafeMutableRawPointer

    /// The plugin that loads it, e.g. "sluice.linear".
    package var pluginID: String { capability.plugin.id }
    package var pluginVersion: String { capability.plugin.version }
    /// The plugin's media type for its model artifacts (the first it lists).
    package var mediaType: String { capability.mediaTypes.first ?? "application/octet-stream" }
    /// The model's description as the plugin gave it (JSON text).
    package let descriptionJSON: String
    /// The plugin's own copy of the description, valid while the model lives; lent
    /// on to stages through "sluice.models/1".
    package let descriptionPointer: UnsafePointer<CChar>?
    /// Which plugin serves it (id, version, library path, media type) as JSON, for
    /// "sluice.models/1" `source`; freed in deinit.
    package let sourcePointer: UnsafeMutablePointer<CChar>
    package let summary: ModelSummary

    package init(capability: PredictCapability, handle: UnsafeMutableRawPointer) throws(SluiceError) {
        self.capability = capability
        self.handle = handle
        descriptionPointer = capability.table.describe?(handle)
        let plugin = capability.plugin
        sourcePointer = strdup(JSONValue.object([
            "plugin": .string(plugin.id), "plugin_version": .string(plugin.version), "plugin_path": .string(plugin.path),
            "media_type": .string(capability.mediaTypes.first ?? "application/octet-stream"),
        ]).canonicalText)
        let text = descriptionPointer.map { String(cString: $0) } ?? ""
        descriptionJSON = text
        do {
            summary = try JSONValueDecoder().decode(ModelSummary.self, from: JSONValue.parse(text))
        } catch {
            capability.table.free?(handle)
            free(sourcePointer)
            throw SluiceError(.modelBadDescription, at: capability.plugin.id,
                              "the plugin described its model with invalid JSON (\(error)); the description must follow sluice_predict_v1 in sluice_abi.h")
        }
    }

    deinit {
        capability.table.free?(handle)
        free(sourcePointer)
    }

    /// Predicts every row of `table`; the result has one row per input row.
    package func predict(_ table: ArrowTable) throws(SluiceError) -> ArrowTable {
        let input = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        let output = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        defer { input.deallocate(); output.deallocate() }
        ArrowCExport.exportStream(table, into: input)
        output.initialize(to: ArrowArrayStream())
        var message = [CChar](repeating: 0, count: 2048)
        let status = message.withUnsafeMutableBufferPointer { buffer in
            capability.table.predict!(handle, input, output, buffer.baseAddress, buffer.count)
        }
        // The plugin must consume the input; release it if a faulty plugin did not.
        input.pointee.release?(input)
        guard status == 0 else {
            output.pointee.release?(output)
            let name = StageStatus(rawValue: status)
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            // The code names the protocol's status, so it is made here rather than declared.
            throw SluiceError(SluiceError.Code("model.\(name?.code ?? "status-\(status)")", kind: name == .invalidInput ? .failure : .stageFailed),
                              at: pluginID, "prediction failed: \(text.isEmpty ? "no message (status \(status))" : text)")
        }
        let result = try ArrowCImport.importStream(output, what: "predictions of \(pluginID)")
        guard result.rowCount == table.rowCount else {
            throw SluiceError(.modelBadPredictions, at: pluginID,
                              "the plugin returned \(result.rowCount) predictions for \(table.rowCount) rows")
        }
        return result
    }
}

/// The fields of a model description the host uses (see sluice_predict_v1).
package struct ModelSummary: Decodable, Sendable, Equatable {
    package struct Field: Decodable, Sendable, Equatable {
        package let name: String
        package let type: String
    }

    package let format: String
    package let task: String
    package let features: [Field]
    package let target: String?
    package let classes: [String]?
    package let outputs: [Field]?
}
