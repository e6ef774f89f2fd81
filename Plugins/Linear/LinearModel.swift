import SluiceKit

/// The model capability of sluice.linear: a `sluice.linear/1` artifact loaded for
/// prediction. Immutable, so hosts may predict from several threads at once.
struct LinearModel: PredictiveModel {
    static let mediaTypes = [LinearModelArtifact.mediaType]

    let artifact: LinearModelArtifact
    let modelDescription: ModelDescription
    let kernel: PredictionKernel

    static func accepts(prefix: [UInt8]) -> Bool {
        // The format field comes first in every artifact this plugin writes; searching
        // the prefix also accepts one re-serialised by another tool with other spacing.
        let needle = Array(#""sluice.linear/"#.utf8)
        guard prefix.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{") else { return false }
        return prefix.indices.contains { start in
            start + needle.count <= prefix.count && prefix[start..<start + needle.count].elementsEqual(needle)
        }
    }

    init(artifact bytes: [UInt8]) throws {
        let artifact = try LinearModelArtifact.decode(bytes)
        self.artifact = artifact
        kernel = PredictionKernel(artifact)
        let prediction = ModelDescription.Field(name: ModelDescription.predictionColumn, type: artifact.task == .regression ? "float64" : artifact.labelType ?? "utf8")
        let probabilities = (artifact.classes ?? []).map { ModelDescription.Field(name: ModelDescription.probabilityColumn($0), type: "float64") }
        modelDescription = ModelDescription(
            format: artifact.format, task: artifact.task,
            features: artifact.features.map { .init(name: $0.name, type: $0.type) },
            target: artifact.target.name, classes: artifact.classes, outputs: [prediction] + probabilities)
    }

    func predict(_ input: Table) throws -> Table {
        try kernel.predict(input)
    }
}
