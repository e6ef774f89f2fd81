import SluiceJSON
import SluiceKit

/// The entries of a model's `metadata_props` that say what the graph alone cannot: the
/// column names of a single feature-matrix input, the target and the task. The import
/// stage writes them; a training script may write them itself (`onnx_model.metadata_props`).
enum SluiceMetadata {
    /// A JSON array of column names, one per column of a single [N, F] input tensor.
    static let features = "sluice.features"
    /// The column the model predicts.
    static let target = "sluice.target"
    /// "classification" or "regression", when the outputs do not make it plain.
    static let task = "sluice.task"
    /// "sluice.onnx <version>": which import stage checked the model.
    static let importedBy = "sluice.imported_by"

    /// `sluice.features` decoded, or nil when absent.
    static func features(in metadata: [String: String]) throws -> [String]? {
        guard let text = metadata[features] else { return nil }
        guard let value = try? JSONValue.parse(text), case .array(let items) = value else {
            throw StageError.invalidInput("the model's metadata '\(features)' is not a JSON array of column names: \(text.prefix(80))")
        }
        return try items.map { item in
            guard let name = item.stringValue, !name.isEmpty else {
                throw StageError.invalidInput("the model's metadata '\(features)' holds \(item.text), which is not a column name")
            }
            return name
        }
    }

    /// `bytes` (a ModelProto) with `entries` added to its metadata_props. A protobuf
    /// message may be extended by appending fields, and for a map-like repeated field
    /// the last entry of a key wins, so the original bytes stay untouched.
    static func appending(_ entries: [(key: String, value: String)], to bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        for (key, value) in entries {
            var entry: [UInt8] = []
            appendField(1, Array(key.utf8), to: &entry)
            appendField(2, Array(value.utf8), to: &entry)
            appendField(metadataPropsField, entry, to: &out)
        }
        return out
    }

    /// ModelProto.metadata_props (onnx.proto).
    private static let metadataPropsField: UInt64 = 14

    private static func appendField(_ number: UInt64, _ payload: [UInt8], to out: inout [UInt8]) {
        appendVarint(number << 3 | 2, to: &out)
        appendVarint(UInt64(payload.count), to: &out)
        out.append(contentsOf: payload)
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }
}
