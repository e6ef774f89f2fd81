import CSluiceABI
import Foundation
import SluiceArrow
import SluiceJSON
import SluiceSupport

/// A fitted transform loaded by its plugin's "sluice.transform/1": one step of an
/// inference pipeline. Immutable and safe to share between threads.
package final class LoadedTransform: @unchecked Sendable {
    // @unchecked: `handle` is only passed to the plugin's thread-safe functions and
    // freed once in deinit.
    package let capability: TransformCapability
    private let handle: UnsafeMutableRawPointer
    /// The pipeline stage that fitted it, and its artifact's digest: a table that
    /// went through that stage carries the digest in `sluice.applied`.
    package let stage: String
    package let digest: String
    package let summary: TransformSummary

    package init(capability: TransformCapability, bytes: [UInt8], stage: String, digest: String) throws(SluiceError) {
        var loaded: UnsafeMutableRawPointer?
        var message = [CChar](repeating: 0, count: 2048)
        let status = message.withUnsafeMutableBufferPointer { buffer in
            bytes.withUnsafeBufferPointer { capability.table.load!($0.baseAddress, $0.count, &loaded, buffer.baseAddress, buffer.count) }
        }
        guard status == 0, let loaded else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw SluiceError(.modelBadInference, at: stage, "\(capability.plugin.id) could not load the fitted transform of stage '\(stage)': \(text.isEmpty ? "status \(status)" : text)")
        }
        self.capability = capability
        handle = loaded
        self.stage = stage
        self.digest = digest
        let text = capability.table.describe?(loaded).map { String(cString: $0) } ?? ""
        do {
            summary = try JSONValueDecoder().decode(TransformSummary.self, from: JSONValue.parse(text))
        } catch {
            capability.table.free?(loaded)
            throw SluiceError(.modelBadDescription, at: capability.plugin.id,
                              "the plugin described the fitted transform of stage '\(stage)' with invalid JSON (\(error)); it must follow sluice_transform_v1 in sluice_abi.h")
        }
    }

    deinit { capability.table.free?(handle) }

    /// `table` transformed as the stage transformed its train table.
    package func apply(_ table: ArrowTable) throws(SluiceError) -> ArrowTable {
        try callPluginTable(capability.table.apply!, handle, table, pluginID: capability.plugin.id, doing: "stage '\(stage)' (its fitted transform)")
    }
}

/// The fields of a fitted-transform description the host uses (see sluice_transform_v1).
package struct TransformSummary: Decodable, Sendable, Equatable {
    package let format: String
    package let inputs: [ModelSummary.Field]
    package let outputs: [ModelSummary.Field]
    package let passthrough: Bool?
}
