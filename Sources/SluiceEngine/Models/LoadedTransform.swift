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

    /// Consecutive steps of one plugin composed by its `compose` (nil when the plugin
    /// cannot): one crossing of the C boundary for all of them. The parts stay alive
    /// while the composition does, as the protocol asks.
    package init?(composing parts: [LoadedTransform]) {
        guard parts.count > 1, let first = parts.first, let compose = first.capability.table.compose,
              parts.allSatisfy({ $0.capability.plugin.path == first.capability.plugin.path }) else { return nil }
        var composed: UnsafeMutableRawPointer?
        let handles: [UnsafeMutableRawPointer?] = parts.map(\.handle)
        let status = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 1024) { message in
            message[0] = 0
            return handles.withUnsafeBufferPointer { compose($0.baseAddress, $0.count, &composed, message.baseAddress, message.count) }
        }
        guard status == 0, let composed else { return nil }
        capability = first.capability
        handle = composed
        stage = parts.map(\.stage).joined(separator: ", ")
        digest = ""
        summary = TransformSummary(composing: parts.map(\.summary))
        self.parts = parts
    }

    /// What a composition holds on to (empty for a single step).
    private var parts: [LoadedTransform] = []

    deinit { capability.table.free?(handle) }

    /// `table` transformed as the stage transformed its train table. Only the columns
    /// the transform reads cross to the plugin when that is all it needs: each column
    /// crossing the C boundary costs allocations both ways, which dominated serving one
    /// row through several steps. Anything unusual (several batches, a missing input, a
    /// name clash) takes the whole table, so the plugin's own checks and messages apply.
    package func apply(_ table: ArrowTable) throws(SluiceError) -> ArrowTable {
        if let narrowed = narrowed(table) {
            let result = try callPluginTable(capability.table.apply!, handle, narrowed, pluginID: capability.plugin.id, doing: self.doing)
            if let merged = merged(table, result) { return merged }
        }
        return try callPluginTable(capability.table.apply!, handle, table, pluginID: capability.plugin.id, doing: self.doing)
    }

    /// `table` with only the columns the transform reads, when it has them all and others too.
    private func narrowed(_ table: ArrowTable) -> ArrowTable? {
        // A transform reading as many columns as the table has cannot be narrowed: it
        // reads them all, or lacks one (then the plugin's own message is wanted). Checked
        // first: the lookups by name below are the costly part.
        guard summary.passthrough ?? true, table.batches.count == 1, summary.inputs.count < table.schema.fields.count else { return nil }
        var indices: [Int] = []
        for input in summary.inputs {
            guard let index = table.schema.index(of: input.name), !indices.contains(index) else { return nil }
            indices.append(index)
        }
        guard indices.count < table.schema.fields.count, let batch = table.batches.first,
              let narrowed = try? ArrowRecordBatch(length: batch.length, columns: indices.map { batch.columns[$0] }) else { return nil }
        return ArrowTable(decoded: ArrowTableSchema(indices.map { table.schema.fields[$0] }, metadata: table.schema.metadata), batches: [narrowed])
    }

    /// What an error says the host was doing.
    private var doing: String {
        parts.isEmpty ? "stage '\(stage)' (its fitted transform)" : "stages \(parts.map { "'\($0.stage)'" }.joined(separator: ", ")) (their fitted transforms)"
    }

    /// The transform's result on the narrowed table put back into `original`, as the
    /// plugin would have: a column it rewrote in its place, the columns it made from a
    /// source at the source's place, the other columns as they were. Nil when that is
    /// not well defined (a new column would clash with an existing one).
    private func merged(_ original: ArrowTable, _ result: ArrowTable) -> ArrowTable? {
        guard original.batches.count == 1, result.batches.count == 1, result.rowCount == original.rowCount,
              let batch = original.batches.first, let produced = result.batches.first else { return nil }
        let inputs = Set(summary.inputs.map(\.name))
        let originalNames = Set(original.schema.fields.map(\.name))
        let made = result.schema.fields.indices.filter { !inputs.contains(result.schema.fields[$0].name) }
        guard !made.contains(where: { originalNames.contains(result.schema.fields[$0].name) }) else { return nil }
        var fields: [ArrowField] = [], columns: [ArrowArrayData] = []
        var pendingMade = made
        func take(_ indices: [Int]) {
            for index in indices {
                fields.append(result.schema.fields[index])
                columns.append(produced.columns[index])
            }
        }
        for (index, field) in original.schema.fields.enumerated() {
            if !inputs.contains(field.name) {
                fields.append(field)
                columns.append(batch.columns[index])
            } else if let rewritten = result.schema.index(of: field.name) {
                take([rewritten])
            } else {
                take(pendingMade)
                pendingMade = []
            }
        }
        take(pendingMade)
        guard let merged = try? ArrowRecordBatch(length: batch.length, columns: columns) else { return nil }
        return ArrowTable(decoded: ArrowTableSchema(fields, metadata: result.schema.metadata), batches: [merged])
    }
}

/// The fields of a fitted-transform description the host uses (see sluice_transform_v1).
package struct TransformSummary: Decodable, Sendable, Equatable {
    package let format: String
    package let inputs: [ModelSummary.Field]
    package let outputs: [ModelSummary.Field]
    package let passthrough: Bool?

    /// What `parts`, applied in turn, read and write as one: the columns read that no
    /// earlier part wrote, and the columns written that no later part consumed.
    package init(composing parts: [TransformSummary]) {
        var inputs: [ModelSummary.Field] = [], outputs: [ModelSummary.Field] = []
        for part in parts {
            for input in part.inputs where !outputs.contains(where: { $0.name == input.name }) && !inputs.contains(input) {
                inputs.append(input)
            }
            let written = Set(part.outputs.map(\.name))
            let consumed = Set(part.inputs.map(\.name)).subtracting(written)
            outputs.removeAll { consumed.contains($0.name) || written.contains($0.name) }
            outputs += part.outputs
        }
        format = "sluice.composed/1"
        self.inputs = inputs
        self.outputs = outputs
        passthrough = parts.allSatisfy { $0.passthrough ?? true }
    }
}
