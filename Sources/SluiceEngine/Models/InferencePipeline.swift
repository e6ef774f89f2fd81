import Foundation
import SluiceArrow
import SluiceJSON
import SluiceSupport

/// The inference pipeline a trainer's `model` port carries when the trainer was
/// trained on a table that came through fitted transforms (standardize, one_hot,
/// impute, or a plugin's "sluice.transform/1"): those transforms, in order, then the
/// trained model, in one self-contained artifact, so that what is trained is what is
/// served and clients send raw rows.
///
/// The artifact is JSON, format "sluice.inference/1": `steps` (each with the stage
/// that fitted it, its plugin, media type, digest and bytes in base64) and `model`
/// (the same for the trained model). Self-contained: it needs no other object of the
/// store, so registering, exporting and garbage collection treat it like any model.
package enum InferencePipeline {
    package static let mediaType = "application/vnd.sluice.inference+json"
    package static let format = "sluice.inference/1"
    /// Table metadata: the digests (space-separated) of the fitted transforms a table
    /// has been through, set by the host on the tables a transformer stage outputs.
    package static let appliedKey = "sluice.applied"

    /// One part of the artifact: a fitted transform or the model.
    package struct Part: Sendable {
        package var stage: String
        package var plugin: String
        package var mediaType: String
        package var digest: String
        package var bytes: [UInt8]

        package init(stage: String, plugin: String, mediaType: String, digest: String, bytes: [UInt8]) {
            self.stage = stage
            self.plugin = plugin
            self.mediaType = mediaType
            self.digest = digest
            self.bytes = bytes
        }

        var json: JSONValue {
            .object([
                "stage": .string(stage), "plugin": .string(plugin), "media_type": .string(mediaType), "digest": .string(digest),
                "data": .string(Data(bytes).base64EncodedString()),
            ])
        }

        init(_ json: JSONValue, what: String) throws(SluiceError) {
            guard let stage = json["stage"]?.stringValue, let plugin = json["plugin"]?.stringValue,
                  let mediaType = json["media_type"]?.stringValue, let digest = json["digest"]?.stringValue,
                  let text = json["data"]?.stringValue, let data = Data(base64Encoded: text) else {
                throw SluiceError(.modelBadInference, at: what, "the inference pipeline's \(what) lacks stage, plugin, media_type, digest or base64 data")
            }
            self.init(stage: stage, plugin: plugin, mediaType: mediaType, digest: digest, bytes: Array(data))
        }
    }

    /// The artifact's bytes.
    package static func artifact(steps: [Part], model: Part) -> [UInt8] {
        Array(JSONValue.object([
            ("format", .string(format)), ("steps", .array(steps.map(\.json))), ("model", model.json),
        ]).canonicalText.utf8)
    }

    /// Whether bytes of unknown media type are an inference pipeline.
    package static func accepts(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let prefix = String(decoding: bytes.prefix(64), as: UTF8.self)
        return prefix.hasPrefix("{\"format\":\"sluice.inference/")
    }

    /// The steps and model of an artifact.
    package static func parts(_ bytes: UnsafeRawBufferPointer, what: String) throws(SluiceError) -> (steps: [Part], model: Part) {
        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch {
            throw SluiceError(.modelBadInference, at: what, "the inference pipeline is not JSON: \(error)")
        }
        guard json["format"]?.stringValue == format else {
            throw SluiceError(.modelBadInference, at: what, "the inference pipeline's format is \(json["format"]?.stringValue ?? "missing"); this sluice reads \(format)")
        }
        guard let model = json["model"], let steps = json["steps"]?.arrayValue else {
            throw SluiceError(.modelBadInference, at: what, "the inference pipeline lacks its steps or model")
        }
        var parsed: [Part] = []
        for (index, step) in steps.enumerated() { parsed.append(try Part(step, what: "step \(index + 1)")) }
        return (parsed, try Part(model, what: "model"))
    }

    /// The description of steps + model: the model's, with the raw features the steps
    /// need instead of the model's own, and the steps listed.
    package static func describe(steps: [LoadedTransform], model: LoadedModel) -> JSONValue {
        var needed: [ModelSummary.Field] = model.summary.features
        for step in steps.reversed() {
            let produced = Set(step.summary.outputs.map(\.name))
            var before: [ModelSummary.Field] = []
            var names = Set<String>()
            func add(_ field: ModelSummary.Field) { if names.insert(field.name).inserted { before.append(field) } }
            let inputs = step.summary.inputs
            for field in needed {
                if produced.contains(field.name) {
                    // A column transformed in place keeps its place; columns made from
                    // others (one-hot) stand for their sources at the first one's place.
                    if let same = inputs.first(where: { $0.name == field.name }) {
                        add(same)
                    } else {
                        inputs.filter { !produced.contains($0.name) }.forEach(add)
                    }
                } else if step.summary.passthrough ?? true {
                    add(field)
                }
            }
            inputs.forEach(add)
            needed = before
        }
        var description = (try? JSONValue.parse(model.descriptionJSON)) ?? .object([:])
        if case .object(var members) = description {
            members["model_format"] = members["format"]
            members["format"] = .string(format)
            members["features"] = .array(needed.map { .object(["name": .string($0.name), "type": .string($0.type)]) })
            members["steps"] = .array(steps.map { .object(["stage": .string($0.stage), "plugin": .string($0.capability.plugin.id), "format": .string($0.summary.format)]) })
            description = .object(members)
        }
        return description
    }

    /// The digests of the fitted transforms `table` has been through.
    package static func appliedSteps(of table: ArrowTable) -> Set<Substring> {
        Set((table.schema.metadata[appliedKey] ?? "").split(separator: " "))
    }

    /// `table` marked as having been through the fitted transform `digest`.
    package static func marking(_ table: ArrowTable, applied digest: String) -> ArrowTable {
        var metadata = table.schema.metadata
        let before = metadata[appliedKey] ?? ""
        guard !before.split(separator: " ").contains(Substring(digest)) else { return table }
        metadata[appliedKey] = before.isEmpty ? digest : before + " " + digest
        return ArrowTable(decoded: ArrowTableSchema(table.schema.fields, metadata: metadata), batches: table.batches)
    }
}
