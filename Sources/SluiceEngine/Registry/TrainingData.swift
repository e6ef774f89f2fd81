import Foundation
import SluiceJSON
import SluiceRegistry
import SluiceStore
import SluiceSupport

/// Where the table a registered model version was trained on is kept: the version
/// records the run and stage that produced its artifact, and that stage's lineage
/// names the table it read on each input port. Drift monitors compare production data
/// with this table.
package struct TrainingData: Sendable, Equatable {
    package let version: ModelVersionRecord
    package let runID: String
    package let stage: String
    package let port: String
    package let digest: String
    /// A local Arrow IPC file holding the table (the object store's `localFile`).
    package let path: String

    /// Finds the training table of the version `reference` names. `port` picks the
    /// trainer's input; nil means `train`, else its only table input.
    package static func find(_ reference: String, port: String?, registry: ModelRegistry, store: any RunStore,
                             objects: any ObjectStore) throws(SluiceError) -> TrainingData {
        guard let parsed = ModelReference(parsing: reference) else {
            throw SluiceError(.registryBadReference, at: reference, "expected NAME, NAME@ALIAS or NAME:VERSION, where names use \(ModelReference.nameRule)")
        }
        guard try registry.contains(parsed.name) else {
            let known = try registry.models().map(\.name)
            throw SluiceError(.registryUnknownModel, at: reference,
                              "looked in the model registry of \(store.location): no model named '\(parsed.name)'" + (known.isEmpty ? " (it holds no models yet)" : "; it holds: \(known.joined(separator: ", "))"))
        }
        let version = try registry.resolve(parsed)
        let named = "\(version.name):\(version.version)"
        guard let runID = version.runID, var producer = version.stage else {
            throw SluiceError(.lineageNoTrainingData, at: reference,
                              "\(named) was registered from a file, not by a pipeline run, so no lineage records what it was trained on. Give the reference table directly instead (an artifact or a loader stage)")
        }
        // An inference pipeline takes raw rows: its training data is what entered its
        // first fitted transform, which is what production sends, not the transformed
        // table the model itself was fitted on.
        if port == nil, MediaType.essence(version.mediaType) == InferencePipeline.mediaType,
           let buffer = try? objects.read(digest: version.digest),
           let first = try? InferencePipeline.parts(buffer.pointer, what: named).steps.first {
            producer = first.stage
        }
        let detail: RunDetail
        do { detail = try store.detail(runID) } catch {
            throw SluiceError(.lineageNoTrainingData, at: reference,
                              "\(named) was produced by run \(runID), which is no longer in \(store.location) (\(error.message))")
        }
        let tables = detail.lineage.filter { edge in
            edge.stage == producer && detail.artifacts.contains { $0.digest == edge.digest && $0.mediaType == PortValue.arrowMediaType }
        }
        let where_ = producer == version.stage ? "stage '\(producer)' of run \(runID), which produced \(named)"
                                               : "stage '\(producer)' of run \(runID), the first fitted transform of \(named)"
        let chosen: LineageRecord
        if let port {
            guard let edge = tables.first(where: { $0.inputPort == port }) else {
                throw SluiceError(.lineageNoTrainingData, at: reference,
                                  "\(where_), read no table on input '\(port)'" + Self.listing(tables), kind: .usage)
            }
            chosen = edge
        } else if let train = tables.first(where: { $0.inputPort == "train" }) {
            chosen = train
        } else if tables.count == 1 {
            chosen = tables[0]
        } else {
            throw SluiceError(.lineageNoTrainingData, at: reference,
                              tables.isEmpty ? "\(where_), read no table, so there is no training data to compare with"
                                             : "\(where_), read several tables and none on input 'train'" + Self.listing(tables) + ". Name the one to use with 'port'", kind: .usage)
        }
        guard let path = try objects.localFile(for: chosen.digest) else {
            throw SluiceError(.lineageMissingObject, at: reference,
                              "the training table \(chosen.digest) (input '\(chosen.inputPort)' of \(where_)) is missing from \(objects.location)")
        }
        return TrainingData(version: version, runID: runID, stage: producer, port: chosen.inputPort, digest: chosen.digest, path: path)
    }

    private static func listing(_ tables: [LineageRecord]) -> String {
        tables.isEmpty ? "" : "; its table inputs: " + tables.map { "'\($0.inputPort)' (from \($0.sourceStage).\($0.sourcePort))" }.joined(separator: ", ")
    }

    /// As the registry's `training_data` returns it.
    package var json: JSONValue {
        .object([
            "name": .string(version.name), "version": .number(Double(version.version)), "model_digest": .string(version.digest),
            "run": .string(runID), "stage": .string(stage), "port": .string(port), "digest": .string(digest), "path": .string(path),
        ])
    }
}
