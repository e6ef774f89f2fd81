import SluiceSupport
/// Where an artifact came from: the stage that produced it, with its plugin, config,
/// params and file dependencies, and recursively the stages that produced its inputs,
/// back to the raw inputs.
package struct LineageNode: Sendable {
    package struct Input: Sendable {
        package let port: String
        package let sourceStage: String
        package let sourcePort: String
        package let digest: String
        package let producer: LineageNode?
    }

    package let runID: String
    package let pipeline: String
    package let stage: StageRecord
    package let params: [String: String]
    package let outputs: [ArtifactRecord]
    package let inputs: [Input]

    /// The lineage of one stage of one run.
    package static func of(runID: String, stage: String, store: any RunStore) throws(SluiceError) -> LineageNode {
        let detail = try store.detail(runID)
        guard detail.stages.contains(where: { $0.stage == stage }) else {
            throw SluiceError(.lineageUnknownStage, at: "\(runID)/\(stage)", "run \(runID) has no stage '\(stage)'.\(didYouMean(stage, detail.stages.map(\.stage))) Stages: \(detail.stages.map(\.stage).joined(separator: ", "))")
        }
        var visiting = Set<String>()
        return build(stage, in: detail, visiting: &visiting)
    }

    /// The lineage of an artifact: its newest producer.
    package static func of(digest: String, store: any RunStore) throws(SluiceError) -> (artifact: ArtifactRecord, node: LineageNode) {
        guard let newest = try store.producers(of: digest).first else {
            throw SluiceError(.lineageUnknownArtifact, at: digest, "no recorded run produced this artifact. List artifacts with `sluice artifacts list`")
        }
        return (newest.artifact, try of(runID: newest.run.id, stage: newest.artifact.stage, store: store))
    }

    private static func build(_ name: String, in detail: RunDetail, visiting: inout Set<String>) -> LineageNode {
        visiting.insert(name)
        defer { visiting.remove(name) }
        let stage = detail.stages.first { $0.stage == name }!
        let inputs = detail.lineage.filter { $0.stage == name }.map { edge in
            Input(
                port: edge.inputPort, sourceStage: edge.sourceStage, sourcePort: edge.sourcePort, digest: edge.digest,
                producer: detail.stages.contains { $0.stage == edge.sourceStage } && !visiting.contains(edge.sourceStage)
                    ? build(edge.sourceStage, in: detail, visiting: &visiting) : nil
            )
        }
        return LineageNode(
            runID: detail.summary.id, pipeline: detail.summary.pipeline, stage: stage, params: detail.params,
            outputs: detail.artifacts.filter { $0.stage == name }, inputs: inputs
        )
    }
}
